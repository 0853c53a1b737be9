import assert from "node:assert/strict";
import { test } from "node:test";
import { KitError, InputError } from "../errors.ts";
import type { Finding } from "../findings.ts";
import { structuredAsset } from "../parse/structured.ts";
import { check, checkParsed } from "./check.ts";
import { loadKit } from "./load-kit.ts";

const BRAND = `name: Fizzwell
terms:
  brand_names: [Fizzwell]
  prefer:
    soda: sparkling drink
  avoid:
    - term: healthy
      level: error
claims:
  - id: health
    level: error
    message: "Health claim: '%s'."
    phrases: [cure, boost immunity]
disclaimers:
  - id: caffeine
    when: [energy boost]
    require: Contains caffeine.
channels:
  email:
    fields:
      subject: { max_chars: 20 }
`;

function kitWith(extra: Record<string, string> = {}, brand = BRAND) {
  return loadKit({ "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": brand, ...extra }).kit;
}

const brief = (f: Finding) => `${f.rule} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.match}`;

test("Markdown findings point at the original line and column; code, URLs and comments are not prose", () => {
  const source = [
    "---",
    "title: cure everything", // front matter: not prose
    "---",
    "# Fizzwell cures thirst",
    "",
    "- A healthy **FizzWell** soda",
    "",
    "| Drink | Claim |",
    "| ----- | ----- |",
    "| Zero  | Boosts  immunity |",
    "",
    "See [the healthy pick](https://example.com/cure) and `cure` in code.",
    "![a soda can](can.png)",
    "",
    "```",
    "cure healthy soda",
    "```",
    "<!-- cure -->",
    "https://cure.example.com/healthy",
  ].join("\n");
  const { findings } = check(kitWith(), { path: "post.md", content: source });
  assert.deepEqual(findings.map(brief), [
    "Brand.Claims.health 4:12-4:17 cures",
    "Brand.Avoid 6:5-6:12 healthy",
    "Brand.Names 6:15-6:23 FizzWell",
    "Brand.Terms 6:26-6:30 soda",
    "Brand.Claims.health 10:11-10:27 Boosts  immunity",
    "Brand.Avoid 12:10-12:17 healthy",
    "Brand.Terms 13:5-13:9 soda",
  ]);
});

test("HTML: visible text and alt are checked at their source positions; script and style are not", () => {
  const source = `<html><head><style>.healthy{}</style><script>var soda = "cure";</script></head>
<body><h1>Fizzwell</h1>
  <p>Our soda is <b>healthy</b>.</p>
  <img alt="a cure in a can" src="x.png">
</body></html>`;
  const { findings } = check(kitWith(), { path: "page.html", content: source });
  assert.deepEqual(findings.map(brief), [
    "Brand.Terms 3:10-3:14 soda",
    "Brand.Avoid 3:21-3:28 healthy",
    "Brand.Claims.health 4:15-4:19 cure",
  ]);
});

test("in-document controls switch all rules or one rule off and back on", () => {
  const source = [
    "A healthy soda.",
    "<!-- onbrand off -->",
    "A healthy soda.",
    "<!-- onbrand on -->",
    "<!-- onbrand Brand.Avoid = NO -->",
    "A healthy soda.",
    "<!-- vale Brand.Avoid = YES -->",
    "A healthy soda.",
  ].join("\n");
  const { findings } = check(kitWith(), { path: "a.md", content: source });
  assert.deepEqual(findings.map(brief), [
    "Brand.Avoid 1:3-1:10 healthy",
    "Brand.Terms 1:11-1:15 soda",
    "Brand.Terms 6:11-6:15 soda",
    "Brand.Avoid 8:3-8:10 healthy",
    "Brand.Terms 8:11-8:15 soda",
  ]);
});

test("structured assets: findings name the field and the position within it; the disclaimer looks at every field", () => {
  const asset = JSON.stringify({
    channel: "email",
    fields: { subject: "Your energy boost is here", body: "Line one.\nA soda that cures.", cta: "Contains caffeine." },
  });
  const { findings, channel } = check(kitWith(), { path: "email.json", content: asset });
  assert.equal(channel, "email");
  assert.deepEqual(
    findings.map((f) => `${f.field} ${brief(f)}`),
    ["subject Brand.Length.email.subject 1:21-1:26  here", "body Brand.Terms 2:3-2:7 soda", "body Brand.Claims.health 2:13-2:18 cures"],
  );
  const without = check(kitWith(), { path: "e.yaml", content: "channel: email\nfields:\n  subject: energy boost\n" });
  assert.deepEqual(without.findings.map(brief), ["Brand.Disclaimers.caffeine 1:1-1:13 energy boost"]);
  assert.equal(without.findings[0]?.message, '"energy boost" needs the disclaimer: "Contains caffeine."');
});

test("an unknown channel is an InputError naming the channel and the known ones", () => {
  assert.throws(
    () => check(kitWith(), { path: "a.txt", content: "hi" }, { channel: "emial" }),
    (e: unknown) => e instanceof InputError && /unknown channel "emial"; did you mean "email"\?/.test(e.message),
  );
  assert.throws(
    () => check(kitWith(), { path: "a.json", content: '{"channel":"fax","fields":{"body":"x"}}' }),
    (e: unknown) => e instanceof InputError && e.file === "a.json" && /unknown channel "fax"/.test(e.message),
  );
});

test("a plain-text asset checked with a channel is measured against the channel's body field", () => {
  const { findings } = check(kitWith(), { path: "sms.txt", content: `${"a".repeat(150)} €€€€€\n` }, { channel: "sms" });
  assert.deepEqual(findings.map((f) => f.rule), ["Brand.Length.sms.body"]);
  assert.match(findings[0]?.message ?? "", /GSM-7 \(161 septets; 160 fit in one\)/);
});

test("onbrand.yaml rules: switch a rule off or change the level of a family", () => {
  const config = "kit: brand\nrules:\n  Brand.Avoid: off\n  Brand.Claims: suggestion\n";
  const { kit } = loadKit({ "onbrand.yaml": config, "brand/brand.yaml": BRAND });
  const { findings } = check(kit, { path: "a.txt", content: "A healthy cure." });
  assert.deepEqual(findings.map((f) => `${f.rule} ${f.level}`), ["Brand.Claims.health suggestion"]);
  assert.deepEqual(check(kit, { path: "a.txt", content: "A healthy cure." }, { minLevel: "warning" }).findings, []);
});

test("Vale rules in the kit are named after the kit; style folders after the folder", () => {
  const kit = kitWith({
    "onbrand.yaml": "kit: brand\nstyles: [styles/House]\n",
    "brand/rules/Hedging.yaml": "extends: existence\nmessage: \"Drop '%s'.\"\nlevel: warning\ntokens: [maybe, sort of]\n",
    "styles/House/Swap.yml": "extends: substitution\nmessage: \"Use '%s' instead of '%s'.\"\nswap:\n  e-mail: email\n",
  });
  const { findings } = check(kit, { path: "a.txt", content: "Maybe send an e-mail, maybe, sort of." });
  // Vale's existence rules are case-sensitive unless `ignorecase: true`: "Maybe" is not "maybe".
  assert.deepEqual(findings.map((f) => `${f.rule} ${f.column} ${f.message}`), [
    "House.Swap 15 Use 'email' instead of 'e-mail'.",
    "Fizzwell.Hedging 23 Drop 'maybe'.",
    "Fizzwell.Hedging 30 Drop 'sort of'.",
  ]);
});

test("findings are de-duplicated and ordered by line, column and rule id", () => {
  const kit = kitWith({
    "brand/rules/A.yaml": "extends: existence\nmessage: \"A '%s'\"\ntokens: [healthy]\n",
    "brand/rules/B.yaml": "extends: existence\nmessage: \"B '%s'\"\ntokens: ['healthy', 'health\\w']\n",
  });
  const { findings } = check(kit, { path: "a.txt", content: "so healthy" });
  assert.deepEqual(findings.map((f) => `${f.rule}@${f.column}`), ["Brand.Avoid@4", "Fizzwell.A@4", "Fizzwell.B@4"]);
});

test("kit errors come all at once with file:line:column: invalid regex, duplicate id, wrong type", () => {
  try {
    loadKit({
      "onbrand.yaml": "styles: [styles/Brand]\n",
      "brand/brand.yaml": BRAND,
      "brand/rules/Bad.yaml": "extends: existence\nmessage: x\ntokens:\n  - 'fizz(well'\n",
      "brand/rules/Count.yaml": "extends: occurrence\nmessage: x\ntoken: '!'\nmax: lots\n",
      "styles/Brand/Names.yml": "extends: existence\nmessage: x\ntokens: [a]\n",
    });
    assert.fail("loadKit should throw");
  } catch (e) {
    assert.ok(e instanceof KitError);
    const errors = e.diagnostics.filter((d) => d.level === "error").map((d) => `${d.file}:${d.line}:${d.column}`);
    assert.deepEqual(errors.sort(), ["brand/rules/Bad.yaml:4:5", "brand/rules/Count.yaml:4:6", "styles/Brand/Names.yml:1:1"].sort());
    assert.match(e.message, /duplicate rule id Brand\.Names/);
  }
});

test("unsupported rule types and keys are warnings that name them, never silence", () => {
  const { warnings } = loadKit({
    "brand/brand.yaml": BRAND,
    "brand/rules/Spell.yaml": "extends: spelling\nmessage: x\n",
    "brand/rules/Odd.yaml": "extends: existence\nmessage: x\ntokens: [a]\nfrobnicate: true\n",
  });
  const text = warnings.map((w) => `${w.file}:${w.line}: ${w.message}`).join("\n");
  assert.match(text, /brand\/rules\/Spell\.yaml:1: .*extends: spelling/);
  assert.match(text, /brand\/rules\/Odd\.yaml:4: .*frobnicate/);
});

test("a catastrophic user regex runs in linear time and still finds its match", () => {
  const kit = kitWith({ "brand/rules/Evil.yaml": "extends: existence\nmessage: evil\nnonword: true\nraw: ['(a+)+$']\n" });
  const content = `${"a".repeat(50_000)}b\n${"a".repeat(10)}`;
  const { findings } = check(kit, { path: "a.txt", content });
  assert.deepEqual(findings.map(brief), [`Fizzwell.Evil 2:1-2:11 ${"a".repeat(10)}`]);
});

test("a missing brand.yaml says which file to create", () => {
  assert.throws(
    () => loadKit({ "onbrand.yaml": "kit: kit\n" }),
    (e: unknown) => e instanceof KitError && /kit\/brand\.yaml: error: the brand kit file is missing \(create kit\/brand\.yaml/.test(e.message),
  );
});

test("checkParsed of an asset parsed already answers exactly as check of its JSON text", () => {
  const kit = kitWith();
  const asset = {
    channel: "email",
    id: "launch-1",
    fields: { subject: "Our healthy soda will cure you", body: ["An energy boost.", { note: "Fizzwell soda" }], price: 3 },
  };
  const input = { path: "asset", content: JSON.stringify(asset), format: "json" as const };
  const parsed = checkParsed(kit, "asset", structuredAsset(asset));
  assert.deepEqual(parsed, check(kit, input));
  assert.deepEqual(parsed.findings.map(brief), check(kit, input).findings.map(brief));
  assert.ok(parsed.findings.length >= 4, "the fields were checked");
  // An unknown channel is the same InputError, naming the asset.
  assert.throws(() => checkParsed(kit, "asset", structuredAsset({ ...asset, channel: "fax" })), (error: unknown) => {
    assert.ok(error instanceof InputError);
    assert.equal(error.file, "asset");
    assert.match(error.message, /unknown channel "fax" \(the asset's channel\)/);
    return true;
  });
});
