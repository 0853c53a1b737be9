import assert from "node:assert/strict";
import { test } from "node:test";
import { formatForPath, sniffFormat } from "./asset-format.ts";

test("the extension decides the format, any case; unknown extensions are text", () => {
  const cases: [string, string][] = [
    ["docs/launch.md", "markdown"],
    ["README.MD", "markdown"],
    ["a.markdown", "markdown"],
    ["page.mdx", "markdown"],
    ["email.html", "html"],
    ["email.HTM", "html"],
    ["notes.txt", "text"],
    ["ads/spring.json", "json"],
    ["ads/spring.yaml", "yaml"],
    ["ads/spring.yml", "yaml"],
    ["script.js", "text"],
    ["Makefile", "text"],
    [".md", "text"],
    ["dir.md/file", "text"],
  ];
  for (const [path, format] of cases) assert.equal(formatForPath(path), format, path);
});

test("stdin is sniffed: JSON objects, HTML documents, Markdown otherwise", () => {
  assert.equal(sniffFormat('  {"headline": "Hi"}'), "json");
  assert.equal(sniffFormat("<!DOCTYPE html><p>Hi</p>"), "html");
  assert.equal(sniffFormat("\n<html lang=en><body>Hi"), "html");
  assert.equal(sniffFormat("[Fizzwell](https://example.com) is here"), "markdown");
  assert.equal(sniffFormat("<div>inline html in markdown</div>"), "markdown");
  assert.equal(sniffFormat("Plain copy."), "markdown");
});
