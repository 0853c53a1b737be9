import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { formatDiagnostic } from "../errors.ts";
import { compileKitRules } from "./kit-rules.ts";
import { checkConfigAgainstBrand, validateBrand, validateConfig } from "./validate.ts";

const FILE = "brand/brand.yaml";
const lines = (...rows: string[]) => rows.join("\n") + "\n";
const brandErrors = (content: string) => validateBrand(FILE, content).diagnostics.map(formatDiagnostic);

test("wrong type: a string where a list is expected", () => {
  const yaml = lines("claims:", "  - id: health", "    level: error", "    message: No health claims.", "    phrases: cures");
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:5:14: error: claims[0].phrases must be a list; found "cures" (write it as a list item: "- cures" on the line below "phrases:")`,
  ]);
});

test("wrong type: a list where a mapping is expected", () => {
  assert.deepEqual(brandErrors(lines("name: Fizzwell", "voice:", "  - warm")), [
    `${FILE}:3:3: error: voice must be a mapping (key: value); found a list (write "key: value" lines indented under "voice:")`,
  ]);
});

test("unknown key at the top level and nested, with a suggestion", () => {
  const yaml = lines("name: Fizzwell", "volce:", "  summary: Bright.", "terms:", "  brand_name: [Fizzwell]");
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:2:1: error: unknown key "volce" at the top level; did you mean "voice"? (rename it to "voice")`,
    `${FILE}:5:3: error: unknown key "brand_name" in terms; did you mean "brand_names"? (rename it to "brand_names")`,
  ]);
});

test("unknown key with no close match lists the keys that are allowed", () => {
  assert.deepEqual(brandErrors(lines("voice:", "  mood: sunny")), [
    `${FILE}:2:3: error: unknown key "mood" in voice (remove it; voice takes summary, traits, do, dont)`,
  ]);
});

test("a misspelt required key is reported once, as unknown", () => {
  const yaml = lines("terms:", "  avoid:", "    - tem: cheap");
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:3:7: error: unknown key "tem" in terms.avoid[0]; did you mean "term"? (rename it to "term")`,
  ]);
});

test("bad enum value names the allowed values and the close one", () => {
  const yaml = lines(
    "claims:",
    "  - id: health",
    "    level: high",
    "    message: No.",
    "    phrases: [cures]",
    "  - id: detox",
    "    level: warn",
    "    message: No.",
    "    phrases: [detox]",
  );
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:3:12: error: claims[0].level must be one of error, warning, suggestion; found "high" (write one of error, warning, suggestion)`,
    `${FILE}:7:12: error: claims[1].level must be one of error, warning, suggestion; found "warn" (write "warning")`,
  ]);
});

test("invalid hex colour", () => {
  const yaml = lines("visual:", "  palette:", "    - name: Fizz Red", '      hex: "#E4002"', "    - { name: Lime, hex: lime }");
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:4:12: error: visual.palette[0].hex must be a hex colour #RRGGBB such as #E4002B; found "#E4002" (write a hex colour #RRGGBB such as #E4002B)`,
    `${FILE}:5:26: error: visual.palette[1].hex must be a hex colour #RRGGBB such as #E4002B; found "lime" (write a hex colour #RRGGBB such as #E4002B)`,
  ]);
});

test("missing required key points at the mapping that lacks it", () => {
  const yaml = lines("disclaimers:", "  - id: caffeine", "    when: [energy boost]");
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:2:5: error: disclaimers[0] is missing "require" (text) (add "require:" with text)`,
  ]);
});

test("duplicate claim and disclaimer ids", () => {
  const yaml = lines(
    "claims:",
    "  - { id: health, level: error, message: No., phrases: [cures] }",
    "  - { id: health, level: error, message: No., phrases: [heals] }",
    "disclaimers:",
    "  - { id: caffeine, when: [caffeine], require: Contains caffeine. }",
    "  - id: caffeine",
    "    when: [energy boost]",
    "    require: Contains caffeine.",
  );
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:3:11: error: claims[1].id "health" is already used by claims[0] (line 2) (give each entry of claims its own id)`,
    `${FILE}:6:9: error: disclaimers[1].id "caffeine" is already used by disclaimers[0] (line 5) (give each entry of disclaimers its own id)`,
  ]);
  assert.equal(validateBrand(FILE, yaml).brand, null);
});

test("YAML syntax error", () => {
  const yaml = lines("terms:", "  avoid: [cheap, chug", "claims: []");
  const { brand, diagnostics } = validateBrand(FILE, yaml);
  assert.equal(brand, null);
  assert.equal(diagnostics.length >= 1, true);
  const first = diagnostics[0]!;
  assert.equal(first.level, "error");
  assert.match(first.message, /^YAML syntax error: /);
  assert.deepEqual([first.line, first.column], [3, 1]);
  assert.ok(first.fix);
});

test("tab indentation is a syntax error with a fix", () => {
  const { diagnostics } = validateBrand(FILE, "voice:\n\tsummary: Bright.\n");
  assert.equal(diagnostics[0]?.level, "error");
  assert.equal(diagnostics[0]?.line, 2);
  assert.match(diagnostics[0]?.message ?? "", /^YAML syntax error/);
});

test("duplicate key names the key and the first place", () => {
  const yaml = lines("name: Fizzwell", "terms:", "  brand_names: [Fizzwell]", "  brand_names: [Fizzwell Zero]");
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:4:3: error: duplicate key "brand_names"; it is first set at line 3 (keep one "brand_names" and merge the two)`,
  ]);
});

test("columns count code points, not UTF-16 units", () => {
  const yaml = lines('name: "🍋 Fizzwell"', "claims:", "  - { id: 🍋x, level: error, message: m, phrases: [a] }");
  const [d] = validateBrand(FILE, yaml).diagnostics;
  assert.deepEqual([d?.line, d?.column], [3, 11]);
  assert.match(d?.message ?? "", /^claims\[0\]\.id must be an id of letters/);
});

test("semantic checks: brand names and prefer", () => {
  const yaml = lines(
    "terms:",
    "  brand_names: [Fizzwell, Fizzwell Zero, FizzWell, Fizzwell]",
    "  prefer:",
    "    fizzwell: Fizzwell",
    "    soda: sparkling drink",
    "    pop: soda",
  );
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:2:42: error: terms.brand_names[2] "FizzWell" and "Fizzwell" (line 2) differ only in case; each would be reported as a misspelling of the other (keep the one spelling the brand uses)`,
    `${FILE}:2:52: error: terms.brand_names[3] "Fizzwell" is listed twice (also line 2) (remove one of them)`,
    `${FILE}:4:5: error: terms.prefer replaces "fizzwell" with "Fizzwell", which the rule would find again (list "Fizzwell" under terms.brand_names to enforce its case)`,
    `${FILE}:6:5: warning: terms.prefer suggests "soda" for "pop", but "soda" is itself listed as a term to replace (suggest the final term for "pop" directly)`,
  ]);
});

test("an empty phrase is an error", () => {
  const yaml = lines("claims:", '  - { id: health, level: error, message: m, phrases: [cures, "  "] }', "terms:", '  avoid: [""]');
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:2:62: error: claims[0].phrases[1] must be a phrase with at least one word; found "  " (fill it in or remove it)`,
    `${FILE}:4:11: error: terms.avoid[0] must be a phrase with at least one word; found "" (fill it in or remove it)`,
  ]);
});

test("semantic checks: channels (judged after merging the built-in ones) and example expectations", () => {
  const yaml = lines(
    "terms:",
    "  avoid: [cheap]",
    "channels:",
    "  sms:",
    "    fields:",
    "      body: { max_segments: 2 }",
    "  kiosk:",
    "    fields:",
    "      body: { max_chars: 160, max_segments: 1 }",
    "      Body: { max_chars: 160 }",
    "      note: { level: warning }",
    "examples:",
    "  noncompliant:",
    "    - text: So cheap.",
    "      why: Cheap.",
    "      expect: [Brand.Avoids, Vale.Spelling, Brand.Length.kiosk.body, Brand.Length.sms.body]",
  );
  assert.deepEqual(brandErrors(yaml), [
    `${FILE}:9:31: warning: channels.kiosk.fields.body.max_segments only applies with counting: sms (add counting: sms)`,
    `${FILE}:10:7: error: channels.kiosk has fields "body" and "Body", which differ only in case (use one name for the field)`,
    `${FILE}:11:7: warning: channels.kiosk.fields.note sets no limit (add max_chars, max_words or max_segments, or remove the field)`,
    `${FILE}:16:16: warning: examples.noncompliant[0] expects Brand.Avoids, which this kit does not define; did you mean Brand.Avoid? (write Brand.Avoid)`,
  ]);
});

test("an empty kit is valid, with a clear warning", () => {
  for (const content of ["", "{}\n", "# just a comment\n", "name: Fizzwell\nvoice:\n  summary: Bright.\n"]) {
    const { brand, diagnostics } = validateBrand(FILE, content);
    assert.ok(brand, `valid: ${JSON.stringify(content)}`);
    assert.deepEqual(diagnostics.map(formatDiagnostic), [
      `${FILE}: warning: the kit has no rules: it lists no brand names, preferred terms, words to avoid, claims, disclaimers or channels, so checks apply only the built-in channel limits (add terms, claims or disclaimers; docs/kit.md describes each section)`,
    ]);
  }
});

test("the top level must be a mapping", () => {
  assert.deepEqual(brandErrors("- Fizzwell\n"), [
    `${FILE}:1:1: error: the file must be a mapping (key: value); found a list (write top-level "key: value" lines (see docs/kit.md))`,
  ]);
});

test("an empty section is the same as leaving it out", () => {
  const { brand, diagnostics } = validateBrand(FILE, lines("terms:", "  brand_names: [Fizzwell]", "claims:", "voice:"));
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(brand?.claims, []);
  assert.deepEqual(brand?.voice, { traits: [], do: [], dont: [] });
});

test("defaults are filled in and both avoid forms are kept", () => {
  const { brand } = validateBrand(FILE, lines("terms:", "  avoid: [chug, { term: cheap, level: error }]"));
  assert.deepEqual(brand?.terms, { brand_names: [], prefer: {}, avoid: ["chug", { term: "cheap", level: "error" }] });
  assert.deepEqual(brand?.disclaimers, []);
  assert.deepEqual(brand?.channels, {});
});

test("positionOf finds values, list items and keys of any depth", () => {
  const yaml = lines("claims:", "  - id: health", "    phrases:", "      - cures", "      - heals");
  const { positionOf } = validateBrand(FILE, yaml);
  assert.deepEqual(positionOf(["claims", 0, "phrases", 1]), { line: 5, column: 9 });
  assert.deepEqual(positionOf(["claims", 0, "id"]), { line: 2, column: 9 });
  assert.deepEqual(positionOf(["claims", 0, "level"]), { line: 2, column: 5 });
});

/** The yaml block under "## Full example" in docs/kit.md. */
function docsExample(): string {
  const doc = readFileSync(new URL("../../../docs/kit.md", import.meta.url), "utf8");
  const section = doc.slice(doc.indexOf("## Full example"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  assert.ok(block?.[1], "docs/kit.md has a yaml block under ## Full example");
  return block[1];
}

test("the full example in docs/kit.md is valid, with no warnings, and defines its rules", () => {
  const { brand, diagnostics, source } = validateBrand(FILE, docsExample());
  assert.deepEqual(diagnostics.map(formatDiagnostic), []);
  assert.ok(brand);
  assert.equal(brand.name, "Fizzwell");
  assert.deepEqual(Object.keys(brand.channels), ["email", "sms", "in-store-display"]);
  assert.equal(brand.visual.palette.length, 3);
  assert.equal(brand.characters[0]?.name, "Bubbles the otter");
  const rules = compileKitRules(brand, source);
  assert.deepEqual(
    rules.map((r) => r.meta.id),
    [
      "Brand.Names",
      "Brand.Terms",
      "Brand.Avoid",
      "Brand.Claims.immunity",
      "Brand.Claims.clinical",
      "Brand.Claims.superlative",
      "Brand.Disclaimers.caffeine",
      "Brand.Disclaimers.sweepstakes",
    ],
  );
  const immunity = rules.find((r) => r.meta.id === "Brand.Claims.immunity");
  const line = docsExample().split("\n").findIndex((l) => l.includes("id: immunity")) + 1;
  assert.deepEqual(immunity?.meta.source, { file: FILE, line, column: 5 });
});

const CONFIG = "onbrand.yaml";

test("config: empty file means all defaults", () => {
  const { config, diagnostics } = validateConfig(CONFIG, "");
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(config, { kit: "brand", styles: [], min_level: "suggestion", ignore: [], rules: {}, prompt: { token_budget: 8000 } });
});

test("config: every key", () => {
  const yaml = lines(
    "kit: kit",
    "styles: [styles]",
    "min_level: warning",
    "channel: email",
    'ignore: ["drafts/**"]',
    "rules:",
    "  Brand.Avoid: off",
    "  Fizzwell.Exclamation: error",
    "score: { error: 10, warning: 3 }",
    "prompt: { token_budget: 4000 }",
  );
  const { config, diagnostics } = validateConfig(CONFIG, yaml);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(config, {
    kit: "kit",
    styles: ["styles"],
    min_level: "warning",
    channel: "email",
    ignore: ["drafts/**"],
    rules: { "Brand.Avoid": "off", "Fizzwell.Exclamation": "error" },
    score: { error: 10, warning: 3 },
    prompt: { token_budget: 4000 },
  });
});

test("config: errors with positions", () => {
  const yaml = lines("kit: /srv/brand", "min_level: warn", "rules:", "  Brand.Avoid: of", "stlyes: [styles]", "score: { error: -1 }");
  const { config, diagnostics } = validateConfig(CONFIG, yaml);
  assert.equal(config, null);
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    `${CONFIG}:1:6: error: kit must be a path relative to the workspace; found "/srv/brand" (write a path relative to the workspace)`,
    `${CONFIG}:2:12: error: min_level must be one of error, warning, suggestion; found "warn" (write "warning")`,
    `${CONFIG}:4:16: error: rules["Brand.Avoid"] must be one of off, suggestion, warning, error; found "of" (write "off")`,
    `${CONFIG}:5:1: error: unknown key "stlyes" at the top level; did you mean "styles"? (rename it to "styles")`,
    `${CONFIG}:6:17: error: score.error must be a number of at least 0; found -1 (write a number of at least 0)`,
  ]);
});

test("config: a key in generate is reported at its value, and neither message nor fix repeats it", () => {
  const key = "sk-proj-4f9a0c2e7d1b8a6c5e3f";
  const cases: [string, string, string][] = [
    [
      "a key-named field",
      lines("kit: brand", `generate: {provider: openai, model: gpt-4.1-mini, api_key: ${key}}`),
      `${CONFIG}:2:60: error: generate.api_key must be an environment variable holding the key, named in api_key_env; onbrand never reads API keys from its files (move the key into an environment variable and name that variable in api_key_env)`,
    ],
    [
      "a key-looking value in a field that holds a name",
      lines("generate:", "  provider: openai", `  model: ${key}`),
      `${CONFIG}:3:10: error: generate.model must be an environment variable holding the key, named in api_key_env; onbrand never reads API keys from its files (this value looks like a key or carries one) (move the key into an environment variable and name that variable in api_key_env)`,
    ],
    [
      "a key in a URL's query",
      lines("generate:", "  provider: openai-compatible", "  model: llama3.1:8b", "  base_url: https://llm.example.com/v1?api-key=abc123"),
      `${CONFIG}:4:13: error: generate.base_url must be an environment variable holding the key, named in api_key_env; onbrand never reads API keys from its files (this value looks like a key or carries one) (move the key into an environment variable and name that variable in api_key_env)`,
    ],
  ];
  for (const [name, yaml, expected] of cases) {
    const { config, diagnostics } = validateConfig(CONFIG, yaml);
    assert.equal(config, null, name);
    assert.deepEqual(diagnostics.map(formatDiagnostic), [expected], name);
    for (const d of diagnostics) {
      assert.ok(!d.message.includes("4f9a0c") && !d.message.includes("abc123"), name);
      assert.ok(!(d.fix ?? "").includes("4f9a0c") && !(d.fix ?? "").includes("abc123"), name);
    }
  }
});

test("config: an unknown key in generate gets a did-you-mean, or the keys generate takes", () => {
  const { diagnostics } = validateConfig(CONFIG, lines("generate:", "  provider: openai", "  modle: gpt-4.1-mini", "  colour: red"));
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    `${CONFIG}:3:3: error: unknown key "modle" in generate; did you mean "model"? (rename it to "model")`,
    `${CONFIG}:4:3: error: unknown key "colour" in generate (remove it; generate takes provider, model, base_url, api_key_env, temperature, max_output_tokens, max_repairs, timeout_ms, max_retries, concurrency, requests_per_minute, tokens_per_minute, prices)`,
  ]);
});

test("config: a generate section with limits and prices", () => {
  const yaml = lines(
    "generate:",
    "  provider: openai",
    "  model: gpt-4.1-mini",
    "  api_key_env: TEAM_OPENAI_KEY",
    "  max_repairs: 1",
    "  concurrency: 4",
    "  requests_per_minute: 500",
    "  prices:",
    "    gpt-4.1-mini: { input: 0.4, cached_input: 0.1, output: 1.6 }",
    "    my-finetune: { input: 3, output: 12 }",
  );
  const { config, diagnostics } = validateConfig(CONFIG, yaml);
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(config?.generate, {
    provider: "openai",
    model: "gpt-4.1-mini",
    api_key_env: "TEAM_OPENAI_KEY",
    max_repairs: 1,
    concurrency: 4,
    requests_per_minute: 500,
    prices: { "gpt-4.1-mini": { input: 0.4, cached_input: 0.1, output: 1.6 }, "my-finetune": { input: 3, output: 12 } },
  });
});

test("config against the kit: unknown channel and unknown Brand.* rule; prefixes and built-in channels are known", () => {
  const kit = validateBrand(FILE, lines("claims:", "  - { id: health, level: error, message: m, phrases: [cures] }", "channels:", "  email:", "    fields:", "      subject: { max_chars: 50 }"));
  assert.ok(kit.brand);
  const configText = lines(
    "channel: emial",
    "rules:",
    "  Brand.Claims.helth: off",
    "  Brand.Claims.health: warning",
    "  Brand.Claims: suggestion",
    "  Brand.Length.sms.body: off",
    "  Vale.Spelling: off",
  );
  const config = validateConfig(CONFIG, configText);
  assert.ok(config.config);
  const diagnostics = checkConfigAgainstBrand(config.config, { file: CONFIG, positionOf: config.positionOf }, kit.brand);
  assert.deepEqual(diagnostics.map(formatDiagnostic), [
    `${CONFIG}:1:10: error: channel "emial" is neither a built-in channel nor one of the kit's; did you mean "email"? (write "email")`,
    `${CONFIG}:3:23: warning: rules sets Brand.Claims.helth, which the kit does not define; did you mean Brand.Claims.health? (write Brand.Claims.health)`,
  ]);
});

test("config against the kit: a built-in channel is a valid default", () => {
  const kit = validateBrand(FILE, lines("terms:", "  avoid: [cheap]"));
  const config = validateConfig(CONFIG, "channel: sms\n");
  assert.deepEqual(checkConfigAgainstBrand(config.config!, { file: CONFIG, positionOf: config.positionOf }, kit.brand!), []);
});
