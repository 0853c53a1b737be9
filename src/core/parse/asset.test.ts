import assert from "node:assert/strict";
import { test } from "node:test";
import { InputError } from "../errors.ts";
import { detectFormat, type Format, parseAsset } from "./asset.ts";

test("detectFormat: by extension, case-insensitive; unknown extensions are plain text", () => {
  const cases: [string, Format][] = [
    ["copy/launch.md", "markdown"],
    ["copy/LAUNCH.MARKDOWN", "markdown"],
    ["docs/page.mdx", "markdown"],
    ["site/index.html", "html"],
    ["site\\old.htm", "html"],
    ["assets/summer.json", "json"],
    ["assets/summer.yaml", "yaml"],
    ["assets/summer.yml", "yaml"],
    ["notes.txt", "text"],
    ["export.csv", "text"],
  ];
  // Content that looks like something else must not override the extension.
  for (const [path, format] of cases) assert.equal(detectFormat(path, "{ <html> # x"), format, path);
});

test("detectFormat: without an extension the content decides", () => {
  const cases: [string, string, Format][] = [
    ["<stdin>", '  {"fields": {}}', "json"],
    ["<stdin>", "[1]", "json"],
    ["<stdin>", "\uFEFF<p>Hi</p>", "html"],
    ["<stdin>", "Intro\n\n## Heading\n", "markdown"],
    ["<stdin>", "- one\n- two\n", "markdown"],
    ["<stdin>", "See [the deal](https://x.y) now", "markdown"],
    ["README", "---\ntitle: x\n---\nHi", "markdown"],
    ["<stdin>", "Just a sentence. #1 fan, 3.5 stars.", "markdown"],
    ["<stdin>", "", "markdown"],
    // A dot file has a name, not an extension.
    [".md", "<p>Notes</p>", "html"],
    ["copy/.draft", "Plain words", "markdown"],
  ];
  for (const [path, content, format] of cases) assert.equal(detectFormat(path, content), format, JSON.stringify(content));
});

test("parseAsset: plain text is one document whose text is the source", () => {
  const asset = parseAsset({ path: "a.txt", content: "Hello *there*\n\nSecond" });
  assert.deepEqual([asset.format, asset.channel, asset.locale, asset.meta], ["text", null, null, {}]);
  assert.equal(asset.documents.length, 1);
  assert.equal(asset.documents[0]?.text, "Hello *there*\n\nSecond");
  assert.equal(asset.documents[0]?.field, null);
});

test("parseAsset: Markdown front matter sets channel and locale; other keys are meta", () => {
  const content = "---\nchannel: email\nlocale: de-DE\ncampaign: summer\n---\n# Hallo\n";
  const asset = parseAsset({ path: "mail.md", content });
  assert.deepEqual([asset.format, asset.channel, asset.locale, asset.meta], ["markdown", "email", "de-DE", { campaign: "summer" }]);
  assert.equal(asset.documents[0]?.text.slice(content.indexOf("Hallo"), content.indexOf("Hallo") + 5), "Hallo");

  const toml = parseAsset({ path: "a.md", content: '+++\nchannel = "sms"\ntitle = "x"\n+++\nHi' });
  assert.deepEqual([toml.channel, toml.locale, toml.meta], ["sms", null, { title: "x" }]);

  const none = parseAsset({ path: "a.md", content: "# Hi\n" });
  assert.deepEqual([none.channel, none.locale, none.meta], [null, null, {}]);
});

test("parseAsset: broken front matter is an InputError at its line in the file", () => {
  assert.throws(
    () => parseAsset({ path: "a.md", content: '---\ntitle: "open\n---\nHi' }),
    (error: unknown) => error instanceof InputError && /^a\.md: line \d+, column \d+: front matter: YAML syntax error/.test(error.message),
  );
  assert.throws(
    () => parseAsset({ path: "a.md", content: "---\nlocale: en\nchannel: 42\n---\nHi" }),
    (error: unknown) =>
      error instanceof InputError && error.message === "a.md: line 3, column 10: front matter channel must be text; found 42 (put it in quotes)",
  );
});

test("parseAsset: HTML and structured assets; an explicit format wins over the extension", () => {
  const html = parseAsset({ path: "p.html", content: "<p>Hi</p>" });
  assert.deepEqual([html.format, html.documents[0]?.text], ["html", "   Hi    "]);

  const yaml = parseAsset({ path: "a.yaml", content: "channel: sms\nfields:\n  body: Hi\n" });
  assert.deepEqual([yaml.format, yaml.channel, yaml.documents.map((d) => d.field)], ["yaml", "sms", ["body"]]);

  const forced = parseAsset({ path: "notes.txt", content: "# Title", format: "markdown" });
  assert.deepEqual([forced.format, forced.documents[0]?.text], ["markdown", "  Title"]);

  assert.throws(() => parseAsset({ path: "a.json", content: "{" }), InputError);
});
