import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { type CollectOptions, collectInputs } from "./collect-inputs.ts";

const root = mkdtempSync(join(tmpdir(), "onbrand-inputs-"));
after(() => rmSync(root, { recursive: true, force: true }));

const files = [
  "onbrand.yaml",
  "brand/brand.yaml",
  "styles/Fizz/Rule.yaml",
  "docs/a.md",
  "docs/b.HTML",
  "docs/c.txt",
  "docs/logo.png",
  "docs/notes.MD",
  "docs/drafts/wip.md",
  "docs/old.draft.md",
  "docs/.hidden/x.md",
  "docs/node_modules/pkg/readme.md",
  "ads/spring.json",
  "ads/summer.yml",
  "script.js",
];

before(() => {
  for (const rel of files) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), "x");
  }
});

function options(overrides: Partial<CollectOptions> = {}): CollectOptions {
  return {
    cwd: root,
    root,
    ignore: [],
    exclude: [join(root, "brand"), join(root, "styles"), join(root, "onbrand.yaml")],
    ...overrides,
  };
}

const paths = (args: string[], o = options()) => collectInputs(args, o).inputs.map((i) => i.path);

test("a folder gives its checked-extension files, sorted, without dot folders or node_modules", () => {
  assert.deepEqual(paths(["docs"]), ["docs/a.md", "docs/b.HTML", "docs/c.txt", "docs/drafts/wip.md", "docs/notes.MD", "docs/old.draft.md"]);
});

test("the workspace folder skips the kit, the styles and the config file", () => {
  assert.deepEqual(paths(["."]), [
    "ads/spring.json",
    "ads/summer.yml",
    "docs/a.md",
    "docs/b.HTML",
    "docs/c.txt",
    "docs/drafts/wip.md",
    "docs/notes.MD",
    "docs/old.draft.md",
  ]);
});

test("ignore globs match a file or a folder above it, relative to the workspace", () => {
  assert.deepEqual(paths(["docs"], options({ ignore: ["docs/drafts", "**/*.draft.md"] })), [
    "docs/a.md",
    "docs/b.HTML",
    "docs/c.txt",
    "docs/notes.MD",
  ]);
  // From a subfolder the globs still read from the workspace root.
  assert.deepEqual(paths(["."], options({ cwd: join(root, "docs"), ignore: ["docs/drafts/"] })), [
    "a.md",
    "b.HTML",
    "c.txt",
    "notes.MD",
    "old.draft.md",
  ]);
});

test("a file named on the command line is checked whatever its extension or ignore globs", () => {
  assert.deepEqual(paths(["script.js", "docs/old.draft.md", "brand/brand.yaml"], options({ ignore: ["**/*.draft.md"] })), [
    "script.js",
    "docs/old.draft.md",
    "brand/brand.yaml",
  ]);
});

test("globs keep checked extensions only; each file once, in argument order", () => {
  assert.deepEqual(paths(["ads/*", "docs/*.md", "docs/a.md"]), ["ads/spring.json", "ads/summer.yml", "docs/a.md", "docs/old.draft.md"]);
});

test("stdin, missing paths and empty globs", () => {
  const { inputs, problems } = collectInputs(["-", "nope.md", "docs/*.pdf", "-"], options());
  assert.deepEqual(inputs, [{ kind: "stdin", path: "<stdin>" }]);
  assert.deepEqual(problems, [
    { path: "nope.md", level: "error", message: "no such file or directory" },
    {
      path: "docs/*.pdf",
      level: "error",
      message: "no files match this glob (extensions checked: md, markdown, mdx, html, htm, txt, json, yaml, yml)",
    },
  ]);
});

test("paths are shown relative to the working folder", () => {
  const { inputs } = collectInputs(["../ads/spring.json"], options({ cwd: join(root, "docs") }));
  assert.deepEqual(inputs, [{ kind: "file", path: "../ads/spring.json", absolute: join(root, "ads", "spring.json") }]);
});
