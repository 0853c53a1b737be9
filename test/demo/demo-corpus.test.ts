import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { test } from "node:test";
import { check, loadKit } from "../../src/core/index.ts";

const demo = new URL("../../examples/demo/", import.meta.url).pathname;

function workspaceFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(demo, { recursive: true, withFileTypes: true })) {
    const path = relative(demo, join(entry.parentPath, entry.name));
    if (entry.isFile() && /\.ya?ml$/.test(entry.name) && !path.startsWith("corpus/")) files[path] = readFileSync(join(demo, path), "utf8");
  }
  return files;
}

const { kit, warnings } = loadKit(workspaceFiles());
const corpus = (folder: string) => readdirSync(join(demo, "corpus", folder)).sort();
const run = (folder: string, name: string) => check(kit, { path: name, content: readFileSync(join(demo, "corpus", folder, name), "utf8") });

test("the demo kit loads with no warnings and has at least 40 rules over every rule type", () => {
  assert.deepEqual(warnings, []);
  assert.ok(kit.rules.length >= 40, `${kit.rules.length} rules`);
  const types = new Set(kit.rules.map((r) => r.meta.type));
  for (const type of ["existence", "substitution", "occurrence", "repetition", "consistency", "conditional", "capitalization", "metric", "readability"]) {
    assert.ok(types.has(type), `a ${type} rule`);
  }
  for (const type of ["brand.names", "brand.terms", "brand.avoid", "brand.claims", "brand.disclaimers", "brand.length"]) {
    assert.ok(types.has(type), `a ${type} rule`);
  }
});

test("every compliant demo asset is clean", () => {
  for (const name of corpus("compliant")) {
    const { findings, score } = run("compliant", name);
    assert.deepEqual(findings.map((f) => `${f.rule} ${f.field ?? ""} ${f.line}:${f.column} ${f.message}`), [], name);
    assert.equal(score, 100, name);
  }
});

/** The rules each off-brand asset was written to trigger (examples/README.md explains each). */
const EXPECTED: Record<string, string[]> = {
  "blog-structure-slips.md": ["Fizzwell.Acronyms", "Fizzwell.Consistency", "Fizzwell.Exclamation", "Fizzwell.HeadingLength", "Fizzwell.Headings", "Fizzwell.Repetition", "FizzwellStyle.Commas", "FizzwellStyle.Hyphens", "FizzwellStyle.OneH1"],
  "blog-voice-slips.md": ["Fizzwell.DigitalTerms", "Fizzwell.Hedging", "Fizzwell.Inclusive", "Fizzwell.Jargon", "Fizzwell.PlainWords", "Fizzwell.Urgency", "FizzwellStyle.Cliches", "FizzwellStyle.Contractions", "FizzwellStyle.Ellipses", "FizzwellStyle.Intensifiers", "FizzwellStyle.Units"],
  "email-subject-too-long.json": ["Brand.Disclaimers.offer", "Brand.Length.email.preheader", "Brand.Length.email.subject", "Fizzwell.ClickHere", "Fizzwell.DigitalTerms"],
  "google-rsa-long-headline.yaml": ["Brand.Claims.superlative", "Brand.Length.google-rsa.descriptions", "Brand.Length.google-rsa.headlines", "Brand.Length.google-rsa.path1"],
  "health-claims.txt": ["Brand.Claims.calories", "Brand.Claims.detox", "Brand.Claims.guarantee", "Brand.Claims.immunity", "Brand.Claims.medical", "Brand.Claims.natural", "Brand.Claims.weight-loss"],
  "in-store-display-wordy.yaml": ["Brand.Length.in-store-display.body", "Brand.Length.in-store-display.cta", "Brand.Length.in-store-display.headline"],
  "landing-miracle.html": ["Brand.Claims.clinical", "Brand.Claims.green", "Brand.Claims.superlative", "Fizzwell.ClickHere", "Fizzwell.Headings", "FizzwellStyle.OneH1", "FizzwellStyle.Shouting"],
  "linkedin-subscription.json": ["Brand.Disclaimers.subscription", "Fizzwell.Jargon"],
  "meta-ad-superlatives.json": ["Brand.Claims.superlative", "Brand.Length.meta-ad.body", "Brand.Length.meta-ad.description", "Brand.Length.meta-ad.headline"],
  "names-and-terms.txt": ["Brand.Avoid", "Brand.Names", "Brand.Terms"],
  "push-caffeine-no-disclaimer.json": ["Brand.Disclaimers.caffeine", "Brand.Length.push.body", "Brand.Length.push.title", "Fizzwell.Exclamation", "Fizzwell.ExclamationStack", "FizzwellStyle.Units"],
  "readability-dense.txt": ["Fizzwell.GunningFog", "Fizzwell.Readability", "Fizzwell.SentenceLength"],
  "sms-emoji-ucs2.json": ["Brand.Disclaimers.sms-terms", "Brand.Length.sms.body"],
  "sms-euro-two-segments.yaml": ["Brand.Length.sms.body"],
  "x-sweepstakes.yaml": ["Brand.Disclaimers.sweepstakes"],
};

test("every off-brand demo asset triggers exactly the rules it was written for", () => {
  assert.deepEqual(corpus("off-brand"), Object.keys(EXPECTED).sort());
  for (const name of corpus("off-brand")) {
    const rules = [...new Set(run("off-brand", name).findings.map((f) => f.rule))].sort();
    assert.deepEqual(rules, EXPECTED[name], name);
  }
});
