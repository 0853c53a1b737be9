import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadKit } from "../engine/load-kit.ts";
import { UsageError } from "../errors.ts";
import { estimateTokens, excerpt, type LibraryTestOptions, type LintWarning, ruleMatches, runLibraryTests } from "./library-tests.ts";
import { FIXTURE_BRAND, FIXTURE_EMAIL } from "./fixture-workspace.ts";
import { loadLibrary } from "./load-library.ts";

const BRAND = FIXTURE_BRAND;
const EMAIL = FIXTURE_EMAIL;

type Files = Record<string, string>;
const WORKSPACE: Files = { "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": BRAND, "brand/usecases/email.yaml": EMAIL };

/** Runs the tests of a workspace with a clock that ticks 1 ms per call. */
function run(files: Files, options: LibraryTestOptions = {}) {
  const { kit } = loadKit(files);
  const { library } = loadLibrary(kit, files);
  let now = 0;
  return runLibraryTests(kit, library, { clock: () => now++, ...options });
}

function summary(result: ReturnType<typeof run>): string[] {
  return result.cases.map((c) => `${c.status} ${c.suite} › ${c.name} @${c.file}:${c.line}:${c.column}`);
}

function failures(result: ReturnType<typeof run>): Record<string, string[]> {
  return Object.fromEntries(result.cases.filter((c) => c.status === "fail").map((c) => [`${c.suite} › ${c.name}`, c.details]));
}

function lint(w: LintWarning): string {
  return `${w.file}:${w.line}:${w.column} ${w.code} ${w.message} (${w.fix})`;
}

describe("runLibraryTests", () => {
  test("a green library: every case passes, in order, with its place and duration", () => {
    const result = run(WORKSPACE);
    assert.deepEqual(summary(result), [
      "pass kit › compliant example 1: Zero sugar, all the sparkle. Fizzwell… @brand/brand.yaml:12:7",
      "pass kit › compliant example 2: Hibiscus and ginger, cold from the… @brand/brand.yaml:14:7",
      "pass kit › compliant example 3: Crack one open at 3 p.m. @brand/brand.yaml:16:7",
      "pass kit › non-compliant example 1: Fizzwell will detox your body. @brand/brand.yaml:19:7",
      "pass kit › non-compliant example 2: Try FizzWell today. @brand/brand.yaml:22:7",
      "pass kit › non-compliant example 3: FizzWell detox. @brand/brand.yaml:25:7",
      "pass usecase:email › example 1 passes on email @brand/usecases/email.yaml:16:5",
      "pass usecase:email › a good email passes @brand/usecases/email.yaml:19:5",
      "pass usecase:email › catches a detox claim @brand/usecases/email.yaml:23:5",
    ]);
    assert.deepEqual(result.warnings, []);
    assert.ok(result.cases.every((c) => c.duration === 1 && c.details.length === 0));
  });

  test("a non-compliant kit example the kit does not catch fails, naming what was expected and what was raised", () => {
    const brand = BRAND.replace("text: Fizzwell will detox your body.", "text: Fizzwell will cleanse your body.")
      .replace("text: FizzWell detox.", "text: Fizzwell, cold.")
      .replace("expect: [Brand.Names]", "expect: [Brand.Names, Brand.Claim]");
    const result = run({ ...WORKSPACE, "brand/brand.yaml": brand });
    assert.deepEqual(failures(result), {
      "kit › non-compliant example 1: Fizzwell will cleanse your body.": ["expected Brand.Claims, not raised", "raised: nothing"],
      "kit › non-compliant example 2: Try FizzWell today.": [
        "expected Brand.Claim, not raised (no rule of the kit has this id; did you mean Brand.Claims.detox?)",
        `raised: error Brand.Names at 1:5 "FizzWell": Use 'Fizzwell' instead of 'FizzWell'.`,
      ],
      "kit › non-compliant example 3: Fizzwell, cold.": ["expected at least one finding, found none: the kit does not catch this example", "raised: nothing"],
    });
  });

  test("a compliant kit example with an error-level finding fails; warnings do not fail it", () => {
    const brand = BRAND.replace("text: Crack one open at 3 p.m.", "text: Crack one open to detox.");
    const result = run({ ...WORKSPACE, "brand/brand.yaml": brand });
    assert.deepEqual(failures(result), {
      "kit › compliant example 3: Crack one open to detox.": [`unexpected error Brand.Claims.detox at 1:19 "detox": A drink cannot detox; drop 'detox'.`],
    });
  });

  test("use case examples pass on every channel when they name none; tests behave as declared", () => {
    // 11 words, 174 characters: within the use case's 20 words, over one SMS segment.
    const long = "Hibiscuses, gingerroots, limeades, yuzu-lemonades and elderflowers: sparkling botanicals, refrigerator-cold, unsweetened, five-calorie, afternoon-brightening refreshments";
    const email = EMAIL.replace("channels: [email]", "channels: [email, sms]")
      .replace('output: {subject: Meet Fizzwell Zero, body: "Zero sugar, all the sparkle."}\ntests:', `output: {subject: Meet Fizzwell Zero, body: "${long}"}\ntests:`)
      .replace("output: {subject: Fizzwell detox, body: Zero sugar.}", "output: {subject: Fizzwell Zero, body: Zero sugar.}")
      .replace('output: {subject: Meet Fizzwell Zero, body: "Zero sugar, all the sparkle."}\n    expect: pass', "output: {subject: Meet the Fizzwell Zero detox six-pack, body: Zero sugar.}\n    expect: pass");
    const result = run({ ...WORKSPACE, "brand/usecases/email.yaml": email });
    assert.deepEqual(failures(result), {
      "usecase:email › example 1 passes on email, sms": [
        `on sms: unexpected error Output.Length in body at 1:161 "${long.slice(160)}": body needs 2 SMS segments as GSM-7 (${long.length} septets; 160 fit in one); the limit is 1 segment`,
      ],
      "usecase:email › a good email passes": [
        `on email: unexpected error Brand.Claims.detox in subject at 1:24 "detox": A drink cannot detox; drop 'detox'.`,
        `on email: unexpected error Output.Length in subject at 1:31 "ix-pack": subject line is 37 characters; the use case's limit is 30 (cut 7)`,
      ],
      "usecase:email › catches a detox claim": ["on email: expected Brand.Claims.detox, not raised", "raised: nothing"],
    });
  });
});

describe("levels", () => {
  test("a warning-level rule counts as raised whatever min_level says", () => {
    const email = EMAIL.replace("    - name: body\n", "    - name: preheader\n      required: false\n    - name: body\n").replace(
      "output: {subject: Fizzwell detox, body: Zero sugar.}",
      `output: {subject: Fizzwell detox, preheader: ${"p".repeat(101)}, body: Zero sugar.}`,
    ).replace("expect: [Brand.Claims.detox]", "expect: [Brand.Claims.detox, Brand.Length.email.preheader]");
    const result = run({ ...WORKSPACE, "onbrand.yaml": "kit: brand\nmin_level: error\n", "brand/usecases/email.yaml": email });
    assert.deepEqual(failures(result), {});
  });
});

describe("scaffold lint", () => {
  test("few-kit-examples: fewer than 3 compliant or non-compliant examples, at the list", () => {
    // One compliant example left, the non-compliant list removed.
    const brand = BRAND.slice(0, BRAND.indexOf("    - text: Hibiscus"));
    assert.deepEqual(run({ ...WORKSPACE, "brand/brand.yaml": brand }).warnings.map(lint), [
      "brand/brand.yaml:12:5 few-kit-examples the kit has 1 compliant example; 3 or more show the model (and the tests) where the line is (add 2 under examples.compliant, each with text: and why:)",
      "brand/brand.yaml:11:3 few-kit-examples the kit has 0 non-compliant examples; 3 or more show the model (and the tests) where the line is (add 3 under examples.noncompliant, each with text:, why: and expect: [the rule ids that must catch it])",
    ]);
  });

  test("undefined-variable: a variable no input defines, with the closest name; target variables are defined", () => {
    const email = EMAIL.replace("Write about {{product}} for {{audience}}.", "Write about {{prodcut}} for {{audience}} in {{ region }}, {{offer-code}} and {{prodcut}}.");
    assert.deepEqual(run({ ...WORKSPACE, "brand/usecases/email.yaml": email }).warnings.map(lint), [
      "brand/usecases/email.yaml:14:15 undefined-variable instructions use {{prodcut}}, which no input defines; did you mean {{product}}?; the prompt shows it as [prodcut] with no value (write {{product}}, or add an input named prodcut)",
      "brand/usecases/email.yaml:14:15 undefined-variable instructions use {{offer-code}}, which no input defines; the prompt shows it as [offer-code] with no value (add an input named offer-code under inputs, or use one of {{product}}, {{audience}}, {{region}}, {{channel}})",
    ]);
  });

  test("unlimited-field: a text field without a limit on some channels, or with no channel at all", () => {
    const email = EMAIL.replace("channels: [email]", "channels: [email, push]").replace("    - name: body\n      max_words: 20\n", "    - name: body\n    - name: scenes\n      count: 2\n      fields:\n        - name: caption\n        - name: seconds\n          type: number\n");
    assert.deepEqual(run({ ...WORKSPACE, "brand/usecases/email.yaml": email }).warnings.map(lint), [
      "brand/usecases/email.yaml:12:7 unlimited-field output field \"body\" has no length limit on email (add max_chars or max_words to the field, or a limit for body under channels.<id>.fields in brand.yaml)",
      "brand/usecases/email.yaml:16:11 unlimited-field output field \"scenes.caption\" has no length limit on email, push (add max_chars or max_words to the field, or a limit for caption under channels.<id>.fields in brand.yaml)",
    ]);
    const noChannel = EMAIL.replace("channels: [email]\n", "").replace("      max_chars: 30\n", "");
    assert.deepEqual(run({ ...WORKSPACE, "brand/usecases/email.yaml": noChannel }).warnings.map(lint), [
      "brand/usecases/email.yaml:9:7 unlimited-field output field \"subject\" has no length limit: the use case names no channel and the field sets none (add max_chars or max_words to the field, or list the channels it runs on under channels)",
    ]);
  });

  test("token-budget: the compiled prompt over onbrand.yaml's budget, measured with the counter given", () => {
    const files = { ...WORKSPACE, "onbrand.yaml": "kit: brand\nprompt:\n  token_budget: 100\n" };
    const counted: string[] = [];
    const result = run(files, { countTokens: (text) => (counted.push(text), 60) });
    assert.deepEqual(result.warnings.map(lint), [
      "brand/usecases/email.yaml:1:1 token-budget the compiled prompt takes 120 tokens on email, over the budget of 100 (shorten the instructions, the examples or the kit's voice and examples, or raise prompt.token_budget in onbrand.yaml)",
    ]);
    assert.equal(counted.length, 2, "the system and the user message");
    assert.match(counted[1] ?? "", /"product": "Fizzwell Zero"/, "compiled with the examples' brief");
    const estimated = counted.reduce((sum, text) => sum + estimateTokens(text), 0);
    assert.equal(run(files).warnings[0]?.message, `the compiled prompt takes ${estimated} tokens on email, over the budget of 100`, "the default estimate");
    assert.deepEqual(run({ ...WORKSPACE, "onbrand.yaml": "kit: brand\nprompt:\n  token_budget: 120\n" }, { countTokens: () => 60 }).warnings, [], "at the budget is fine");
  });

  test("no-owner, no-tests and no-failing-test", () => {
    const noOwner = EMAIL.replace("owner: Maya\n", "");
    assert.deepEqual(run({ ...WORKSPACE, "brand/usecases/email.yaml": noOwner }).warnings.map(lint), [
      "brand/usecases/email.yaml:1:7 no-owner the use case has no owner (add owner: with the name or email of the champion who maintains it)",
    ]);
    const noTests = EMAIL.slice(0, EMAIL.indexOf("tests:"));
    assert.deepEqual(run({ ...WORKSPACE, "brand/usecases/email.yaml": noTests }).warnings.map(lint), [
      "brand/usecases/email.yaml:1:1 no-tests the use case has no tests (add tests: an on-brand output with expect: pass, and an off-brand one with expect: [the rule ids that must catch it])",
    ]);
    const onlyPassing = EMAIL.slice(0, EMAIL.indexOf("  - name: catches a detox claim"));
    assert.deepEqual(run({ ...WORKSPACE, "brand/usecases/email.yaml": onlyPassing }).warnings.map(lint), [
      "brand/usecases/email.yaml:19:3 no-failing-test every test of the use case expects pass; none shows that an off-brand output is caught (add a test with an off-brand output (a claim, a misspelt name, a field over its limit) and expect: [the rule ids that must catch it])",
    ]);
  });
});

describe("use case filter", () => {
  const files = { ...WORKSPACE, "brand/usecases/sms.yaml": "name: Text\nowner: Sam\nasset_type: sms\nchannels: [sms]\noutput:\n  fields:\n    - name: body\ninstructions: Write.\ntests:\n  - output: {body: Hi}\n    expect: [Brand]\n" };

  test("runs only the named use cases, without the kit's examples", () => {
    assert.deepEqual(summary(run(files, { useCases: ["sms"] })), ["fail usecase:sms › tests[0] @brand/usecases/sms.yaml:10:5"]);
    assert.deepEqual(run(files, { useCases: ["sms"] }).warnings.map((w) => w.code), []);
  });

  test("an unknown id is a usage error with the closest id", () => {
    assert.throws(() => run(files, { useCases: ["emial"] }), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, 'unknown use case "emial"; did you mean "email"? (the library has email, sms)');
      return true;
    });
  });
});

describe("ruleMatches", () => {
  test("an exact id or a prefix that ends at a dot", () => {
    assert.equal(ruleMatches("Brand.Claims", "Brand.Claims.detox"), true);
    assert.equal(ruleMatches("Brand.Claims.detox", "Brand.Claims.detox"), true);
    assert.equal(ruleMatches("Brand.Claim", "Brand.Claims.detox"), false);
    assert.equal(ruleMatches("Brand.Claims.detox", "Brand.Claims"), false);
  });
});

describe("excerpt and estimateTokens", () => {
  test("excerpt cuts at a word, on one line", () => {
    assert.equal(excerpt("Zero sugar,\n  all the sparkle.", 40), "Zero sugar, all the sparkle.");
    assert.equal(excerpt("Zero sugar, all the sparkle. Fizzwell Zero has 5 calories", 20), "Zero sugar, all the…");
    assert.equal(excerpt("Supercalifragilisticexpialidocious drinks", 10), "Supercalif…");
  });
  test("estimateTokens is a quarter of the characters, rounded up", () => {
    assert.equal(estimateTokens(""), 0);
    assert.equal(estimateTokens("abcde"), 2);
  });
});
