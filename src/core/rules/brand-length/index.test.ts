import assert from "node:assert/strict";
import { test } from "node:test";
import { type ChannelSpec, mergeChannels } from "../../channels/channel-spec.ts";
import { DEFAULT_CHANNELS } from "../../channels/default-channels.ts";
import { plainTextDocument, positionAt } from "../../document/prose-document.ts";
import type { Report, Rule, RuleContext } from "../rule.ts";
import { compileLengthRules, fieldKey } from "./index.ts";

interface Seen {
  rule: string;
  level: string;
  message: string;
  /** 1-based line:column of the start and (exclusive) end, as findings show them. */
  from: string;
  to: string;
  match: string;
}

/** Runs every rule's check over one document the way the engine would, with a fake context. */
function run(rules: Rule[], source: string, channel: string | null, field: string | null = null, locale = "en"): Seen[] {
  const doc = plainTextDocument(source, field);
  const seen: Seen[] = [];
  for (const rule of rules) {
    const ctx: RuleContext = {
      doc,
      asset: { channel, locale, documents: [doc], once: () => true },
      tokens: [],
      blocks: () => doc.blocks,
      report: (r: Report) => {
        const at = (offset: number) => {
          const p = positionAt(doc, offset);
          return `${p.line}:${p.column}`;
        };
        seen.push({
          rule: rule.meta.id,
          level: r.level ?? rule.meta.level,
          message: r.message,
          from: at(r.start),
          to: at(r.end),
          match: source.slice(r.start, r.end),
        });
      },
    };
    rule.check?.(ctx);
  }
  return seen;
}

const defaults = compileLengthRules(DEFAULT_CHANNELS);

test("one rule per channel field, with the id, type, level and description", () => {
  const ids = defaults.map((r) => r.meta.id);
  assert.deepEqual(ids, [
    "Brand.Length.google-rsa.headlines",
    "Brand.Length.google-rsa.descriptions",
    "Brand.Length.google-rsa.path1",
    "Brand.Length.google-rsa.path2",
    "Brand.Length.meta-ad.body",
    "Brand.Length.meta-ad.headline",
    "Brand.Length.meta-ad.description",
    "Brand.Length.sms.body",
    "Brand.Length.x.body",
    "Brand.Length.email.subject",
    "Brand.Length.email.preheader",
    "Brand.Length.push.title",
    "Brand.Length.push.body",
    "Brand.Length.instagram.body",
    "Brand.Length.linkedin.body",
  ]);
  const byId = new Map(defaults.map((r) => [r.meta.id, r.meta]));
  assert.deepEqual(byId.get("Brand.Length.google-rsa.headlines"), {
    id: "Brand.Length.google-rsa.headlines",
    type: "brand.length",
    level: "error",
    description: "Google RSA headline: at most 30 characters (double-width count 2)",
    scope: { include: ["raw"], exclude: [] },
  });
  assert.equal(byId.get("Brand.Length.meta-ad.body")?.level, "warning");
  assert.equal(byId.get("Brand.Length.sms.body")?.description, "SMS body: at most 1 SMS segment");
  assert.equal(byId.get("Brand.Length.x.body")?.description, "X post: at most 280 characters as X counts them");
});

test("a headline list item is checked against its field; the span is what to cut", () => {
  const headline = "Fizzwell Citrus: zero sugar, big taste"; // 38 characters
  assert.deepEqual(run(defaults, headline, "google-rsa", "headlines[3]"), [
    {
      rule: "Brand.Length.google-rsa.headlines",
      level: "error",
      message: "headline is 38 characters; the Google RSA headline limit is 30 (cut 8)",
      from: "1:31",
      to: "1:39",
      match: "ig taste",
    },
  ]);
});

test("valid copy and copy on another channel or field produce nothing", () => {
  assert.deepEqual(run(defaults, "Zero sugar, big taste", "google-rsa", "headlines[0]"), []);
  assert.deepEqual(run(defaults, "x".repeat(30), "google-rsa", "headlines[0]"), []);
  assert.deepEqual(run(defaults, "x".repeat(31), "meta-ad", "headlines[0]"), []);
  assert.deepEqual(run(defaults, "x".repeat(31), "google-rsa", "long_headline"), []);
  assert.deepEqual(run(defaults, "x".repeat(500), null, null), []);
  assert.deepEqual(run(defaults, "x".repeat(500), "google-rsa", null), []); // no body field
  assert.deepEqual(run(defaults, "", "sms", null), []);
});

test("double-width characters count 2 on Google RSA, and the message says so", () => {
  const text = "フィズウェル新発売ゼロシュガー炭酸"; // 17 wide characters = 34
  assert.deepEqual(run(defaults, text, "google-rsa", "headlines[1]"), [
    {
      rule: "Brand.Length.google-rsa.headlines",
      level: "error",
      message:
        "headline is 34 characters with double-width characters counted as 2; the Google RSA headline limit is 30 (cut 4)",
      from: "1:16",
      to: "1:18",
      match: "炭酸",
    },
  ]);
});

test("a whole-document asset is checked against the channel's body field, without surrounding space", () => {
  const post = `\n\n${"Fizzwell ".repeat(31)}fizz!\n`; // 9 × 31 + 5 = 284 characters between the blank lines
  assert.deepEqual(run(defaults, post, "x"), [
    {
      rule: "Brand.Length.x.body",
      level: "error",
      message: "post is 284 characters; the X post limit is 280 (cut 4)",
      from: "3:281",
      to: "3:285",
      match: "izz!",
    },
  ]);
});

test("X counts a link as 23 and CJK as 2, whatever their length", () => {
  const url = `https://fizzwell.com/${"summer".repeat(40)}`;
  assert.deepEqual(run(defaults, `New flavour: ${url}`, "x"), []);
  const cjk = "日本".repeat(70) + "!"; // 281 as X counts it
  const [finding] = run(defaults, cjk, "x");
  assert.equal(finding?.message, "post is 281 characters as X counts them (links 23, emoji and CJK characters 2); the X post limit is 280 (cut 1)");
  assert.equal(finding?.match, "!");
});

test("SMS: one segment of GSM-7, the encoding and the count in the message", () => {
  assert.deepEqual(run(defaults, "a".repeat(160), "sms"), []);
  assert.deepEqual(run(defaults, `${"a".repeat(159)}€`, "sms"), [
    {
      rule: "Brand.Length.sms.body",
      level: "error",
      message: "body needs 2 SMS segments as GSM-7 (161 septets; 160 fit in one); the limit is 1 segment",
      from: "1:160",
      to: "1:161",
      match: "€",
    },
  ]);
});

test("SMS: one character outside GSM-7 switches to UCS-2, and the message names it", () => {
  const text = "Summer’s here: grab two cans of Fizzwell Citrus for £3 at any store today!"; // 74 code units
  assert.deepEqual(run(defaults, text, "sms"), [
    {
      rule: "Brand.Length.sms.body",
      level: "error",
      message:
        'body needs 2 SMS segments as UCS-2 (74 code units; 70 fit in one); the limit is 1 segment; "’" is not in GSM-7 and forces UCS-2',
      from: "1:71",
      to: "1:75",
      match: "day!",
    },
  ]);
  // The same text with a straight apostrophe is GSM-7 and fits.
  assert.deepEqual(run(defaults, text.replace("’", "'"), "sms"), []);
});

test("SMS: a kit allowing two segments reports past the second part", () => {
  const rules = compileLengthRules(mergeChannels(DEFAULT_CHANNELS, { sms: { fields: { body: { max_segments: 2 } } } }));
  assert.deepEqual(run(rules, "a".repeat(306), "sms"), []);
  const [finding] = run(rules, "a".repeat(310), "sms");
  assert.equal(finding?.message, "body needs 3 SMS segments as GSM-7 (310 septets; 153 fit in each part of a longer message); the limit is 2 segments");
  assert.deepEqual([finding?.from, finding?.to], ["1:307", "1:311"]);
});

test("words: max_words reports from the first word past the limit, with the kit's level and label", () => {
  const kit: Record<string, ChannelSpec> = {
    "fizz-app": { name: "Fizzwell app", fields: { banner_text: { max_words: 5, max_chars: 40, level: "warning" } } },
  };
  const rules = compileLengthRules(kit);
  assert.deepEqual(run(rules, "Don't miss our new zero-sugar citrus fizz", "fizz-app", "screens[2].banner_text"), [
    {
      rule: "Brand.Length.fizz-app.banner_text",
      level: "warning",
      message: "banner text is 41 characters; the Fizzwell app banner text limit is 40 (cut 1)",
      from: "1:41",
      to: "1:42",
      match: "z",
    },
    {
      rule: "Brand.Length.fizz-app.banner_text",
      level: "warning",
      message: "banner text is 8 words; the Fizzwell app banner text limit is 5 words (cut 3)",
      from: "1:25",
      to: "1:42",
      match: "sugar citrus fizz",
    },
  ]);
});

test("front matter of a whole document is not counted", () => {
  const md = "---\nchannel: push\n---\n\nYour Fizzwell order is on its way!\n";
  assert.deepEqual(run(defaults, md, "push"), []);
  const long = `---\nchannel: push\n---\n${"Fizz ".repeat(22)}go`; // 112 characters after the front matter
  const [finding] = run(defaults, long, "push");
  assert.equal(finding?.message, "body is 112 characters; the push notification body limit is 110 (cut 2)");
  assert.equal(finding?.level, "warning");
  assert.deepEqual([finding?.from, finding?.match], ["4:111", "go"]);
});

test("field keys drop list indices and parents", () => {
  const cases: Array<[string | null, string]> = [
    [null, "body"],
    ["headlines", "headlines"],
    ["headlines[3]", "headlines"],
    ["ads[0].headlines[14]", "headlines"],
    ["email.subject", "subject"],
  ];
  for (const [field, key] of cases) assert.equal(fieldKey(field), key);
});

test("rules for fields the kit writes point at brand.yaml; default-only fields do not", () => {
  const kitChannels: Record<string, ChannelSpec> = { sms: { fields: { body: { max_segments: 2 } } } };
  const kit = {
    file: "brand/brand.yaml",
    positionOf: (path: readonly (string | number)[]) => ({ line: path.length === 4 && path[3] === "body" ? 12 : 1, column: 7 }),
  };
  const rules = compileLengthRules(mergeChannels(DEFAULT_CHANNELS, kitChannels), { kit, channels: kitChannels });
  const byId = new Map(rules.map((r) => [r.meta.id, r.meta]));
  assert.deepEqual(byId.get("Brand.Length.sms.body")?.source, { file: "brand/brand.yaml", line: 12, column: 7 });
  assert.equal(byId.get("Brand.Length.x.body")?.source, undefined);
});

test("large numbers are written with thousands separators", () => {
  const caption = "Fizz ".repeat(460).trim(); // 2,299 characters
  const [finding] = run(defaults, caption, "instagram");
  assert.equal(finding?.message, "caption is 2,299 characters; the Instagram caption limit is 2,200 (cut 99)");
});
