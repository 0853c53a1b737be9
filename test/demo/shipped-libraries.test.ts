import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { compilePrompt, loadKit, loadLibrary, resolveTarget, runLibraryTests, validateBrief, type Kit, type UseCase } from "../../src/core/index.ts";
import { EXPECT_PASS } from "../../src/core/library/usecase-schema.ts";
import { readWorkspace } from "../../src/node/workspace.ts";
import { countTokens } from "../../src/tokenizer/count-tokens.ts";

/** The asset types the seed names; both shipped libraries must cover every one. */
const REQUIRED_USE_CASES = [
  "email",
  "social-post",
  "social-cutdown",
  "google-rsa",
  "meta-ad",
  "landing-page-variant",
  "blog-hook",
  "sms",
  "push",
  "regional-campaign",
  "personalized-variant",
  "video-storyboard",
];

const WORKSPACES = {
  demo: fileURLToPath(new URL("../../examples/demo/onbrand.yaml", import.meta.url)),
  "onbrand init": fileURLToPath(new URL("../../src/cli/init-template/onbrand.yaml", import.meta.url)),
};

for (const [name, configPath] of Object.entries(WORKSPACES)) {
  const workspace = readWorkspace(configPath);
  const { kit, warnings } = loadKit(workspace.files, { configFile: workspace.configFile });
  const loaded = loadLibrary(kit, workspace.files);
  const library = loaded.library;

  test(`${name}: the library loads clean and covers every asset type of the seed`, () => {
    assert.deepEqual([...warnings, ...loaded.warnings], []);
    const ids = library.useCases.map((u) => u.id);
    for (const id of REQUIRED_USE_CASES) assert.ok(ids.includes(id), `${name} has a ${id} use case`);
    for (const useCase of library.useCases) {
      assert.ok(useCase.owner, `${useCase.id} has an owner`);
      assert.ok(useCase.examples.length >= 1, `${useCase.id} has an example`);
      assert.ok(useCase.tests.some((t) => t.expect === EXPECT_PASS), `${useCase.id} has a passing test`);
      assert.ok(useCase.tests.some((t) => t.expect !== EXPECT_PASS), `${useCase.id} has a test that must catch something`);
    }
  });

  test(`${name}: onbrand test passes every case with no lint warning`, () => {
    const run = runLibraryTests(kit, library, { countTokens });
    const failed = run.cases.filter((c) => c.status !== "pass").map((c) => `${c.suite} › ${c.name}: ${c.details.join(" | ")}`);
    assert.deepEqual(failed, []);
    assert.deepEqual(run.warnings.map((w) => `${w.file}:${w.line} ${w.message}`), []);
    assert.ok(run.cases.length >= REQUIRED_USE_CASES.length * 3 + 6, `${run.cases.length} cases`);
  });

  test(`${name}: every use case's prefix is byte-identical across its default targets and its briefs`, () => {
    for (const useCase of library.useCases) {
      const prefixes = new Set(prompts(kit, useCase).map((p) => p.prefix));
      assert.equal(prefixes.size, 1, `${useCase.id}: ${prefixes.size} different prefixes`);
    }
  });
}

test("demo: the storyboard prompt carries the palette and the characters' must and never rules", () => {
  const workspace = readWorkspace(WORKSPACES.demo);
  const { kit } = loadKit(workspace.files, { configFile: workspace.configFile });
  const storyboard = loadLibrary(kit, workspace.files).library.get("video-storyboard");
  assert.ok(storyboard);
  const [prompt] = prompts(kit, storyboard);
  assert.ok(prompt);
  for (const colour of kit.brand.visual.palette) assert.ok(prompt.prefix.includes(colour.hex), colour.hex);
  for (const character of kit.brand.characters) {
    for (const line of [...character.must, ...character.never]) assert.ok(prompt.prefix.includes(line), line);
  }
});

/** A prompt for every default target (channels x audiences x regions) and every example and test brief. */
function prompts(kit: Kit, useCase: UseCase) {
  const channels = useCase.variants.channels.length > 0 ? useCase.variants.channels : useCase.channels.length > 0 ? useCase.channels : [null];
  const audiences = [null, ...useCase.variants.audiences];
  const regions = [null, ...useCase.variants.regions];
  const briefs = [...useCase.examples, ...useCase.tests].map((entry) => validateBrief(useCase, entry.brief).brief);
  const out = [];
  for (const channel of channels) {
    for (const audience of audiences) {
      for (const region of regions) {
        const { target } = resolveTarget(kit, useCase, { channel, audience, region });
        assert.ok(target, `${useCase.id} ${channel} ${audience} ${region}`);
        for (const brief of briefs) {
          assert.ok(brief);
          out.push(compilePrompt(kit, useCase, brief, target));
        }
      }
    }
  }
  return out;
}
