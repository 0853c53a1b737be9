import assert from "node:assert/strict";
import { test } from "node:test";
import { findFrontMatter } from "./front-matter.ts";

test("findFrontMatter: YAML and TOML blocks at the very start, with their content range", () => {
  const yaml = "---\nchannel: email\n---\n# Hi\n";
  assert.deepEqual(findFrontMatter(yaml), { kind: "yaml", contentStart: 4, contentEnd: 19, end: 23 });
  assert.equal(yaml.slice(4, 19), "channel: email\n");

  assert.deepEqual(findFrontMatter("---\na: 1\n...\nText"), { kind: "yaml", contentStart: 4, contentEnd: 9, end: 13 });
  assert.deepEqual(findFrontMatter('+++\nchannel = "sms"\n+++'), { kind: "toml", contentStart: 4, contentEnd: 20, end: 23 });
  assert.deepEqual(findFrontMatter("---\r\na: 1\r\n---\r\nText"), { kind: "yaml", contentStart: 5, contentEnd: 11, end: 16 });
  assert.deepEqual(findFrontMatter("---\n---\n"), { kind: "yaml", contentStart: 4, contentEnd: 4, end: 8 });
});

test("findFrontMatter: no front matter unless the file opens with a fence and closes it", () => {
  for (const source of ["# Hi\n---\na: 1\n---\n", "---\nno closing line\n", " ---\na: 1\n---\n", "----\na: 1\n----\n", "+++\na = 1\n---\n", ""]) {
    assert.equal(findFrontMatter(source), null, JSON.stringify(source));
  }
});
