import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { RE2JS } from "re2js";
import { compileUserRegex, type RegexMatch, regexProblem } from "./user-regex.ts";

function compile(pattern: string, ignoreCase = false) {
  const compiled = compileUserRegex(pattern, { ignoreCase, multiline: true });
  if (!compiled.ok) throw new Error(`expected ${pattern} to compile: ${compiled.message}`);
  return compiled.regex;
}

test("findAll returns UTF-16 offsets, also after astral characters", () => {
  const text = "😀 café 😀 Café";
  const found = compile("café", true).findAll(text);
  assert.deepEqual(
    found.map((m) => [m.start, m.end, m.groups[0]]),
    [
      [3, 7, "café"],
      [11, 15, "Café"],
    ],
  );
  for (const m of found) assert.equal(text.slice(m.start, m.end), m.groups[0]);
});

test("findAll matches only inside [from, to) and reports document offsets", () => {
  const text = "foo bar foo bar";
  assert.deepEqual(
    compile("\\bfoo\\b").findAll(text, 4, 15).map((m) => [m.start, m.end]),
    [[8, 11]],
  );
  // The slice is matched on its own: ^ sees its start, as Vale matches one block at a time.
  assert.deepEqual(
    compile("^bar").findAll(text, 4, 15).map((m) => m.start),
    [4],
  );
});

test("capture groups come with their text and offsets; unmatched groups are null", () => {
  const [match] = compile("(a)|(b)").findAll("xb");
  assert.ok(match);
  assert.deepEqual(match.groups, ["b", "", "b"]);
  assert.deepEqual(match.spans, [{ start: 1, end: 2 }, null, { start: 1, end: 2 }]);
});

test("empty matches are skipped", () => {
  assert.deepEqual(compile("x*").findAll("axxb").map((m) => [m.start, m.end]), [[1, 3]]);
});

test("ignoreCase and inline (?i) both work; \\uXXXX is accepted as in Vale", () => {
  assert.equal(compile("synergy", true).test("SYNERGY"), true);
  assert.equal(compile("(?i)synergy").test("Synergy"), true);
  assert.equal(compile("synergy").test("Synergy"), false);
  assert.equal(compile("caf\\u00e9").test("café"), true);
});

test("catastrophic patterns run in linear time: (a+)+$ on 50,000 a's and a b completes", () => {
  const text = `${"a".repeat(50_000)}b`;
  assert.deepEqual(compile("(a+)+$").findAll(text), []);
  const nested = compile("(a|aa)+b").findAll(text);
  assert.equal(nested.length, 1);
  assert.equal(nested[0]?.end, text.length);
});

test("captureless lookbehind is accepted and runs", () => {
  assert.deepEqual(compile("(?<!pre)view").findAll("preview view").map((m) => m.start), [8]);
});

const failures: Array<{ pattern: string; index: number; message: RegExp; fix: RegExp }> = [
  { pattern: "foo(?=bar)", index: 3, message: /lookahead '\(\?='/, fix: /without lookahead/ },
  { pattern: "will(?! not)", index: 4, message: /lookahead '\(\?!'/, fix: /linear-time/ },
  { pattern: "(\\w+) \\1", index: 6, message: /backreference '\\1'/, fix: /without backreferences/ },
  { pattern: "(?<=(x))a", index: 0, message: /capture group inside a lookbehind/, fix: /\(\?:\.\.\.\)/ },
  { pattern: "ab(cd", index: 2, message: /missing closing \)/, fix: /RE2 syntax/ },
  { pattern: "a)b", index: 1, message: /unexpected \)/, fix: /RE2 syntax/ },
  { pattern: "(a)(b", index: 3, message: /missing closing \)/, fix: /RE2 syntax/ },
  { pattern: "ab[cd", index: 2, message: /missing closing \]/, fix: /RE2 syntax/ },
  { pattern: "a*?*", index: 1, message: /invalid nested repetition operator/, fix: /RE2 syntax/ },
  { pattern: "x{2,1}", index: 1, message: /invalid repeat count/, fix: /RE2 syntax/ },
  { pattern: "(?>ab)", index: 0, message: /atomic group or possessive/, fix: /linear-time/ },
  { pattern: "xa++", index: 2, message: /'\+\+' \(atomic group or possessive repeat\)/, fix: /linear-time/ },
  { pattern: "xa{2}+", index: 2, message: /'\{2\}\+' \(atomic group or possessive repeat\)/, fix: /linear-time/ },
  { pattern: "ab\\", index: 2, message: /trailing backslash/, fix: /RE2 syntax/ },
];

for (const failure of failures) {
  test(`rejects ${failure.pattern} at position ${failure.index}`, () => {
    const compiled = compileUserRegex(failure.pattern, { ignoreCase: false });
    assert.equal(compiled.ok, false);
    if (compiled.ok) return;
    assert.equal(compiled.index, failure.index);
    assert.match(compiled.message, failure.message);
    assert.match(compiled.fix, failure.fix);
  });
}

test("a \\uXXXX escape before an error keeps the position in the pattern as written", () => {
  const compiled = compileUserRegex("\\u00e9(?=x)", { ignoreCase: false });
  assert.equal(compiled.ok, false);
  if (!compiled.ok) assert.equal(compiled.index, 6);
});

test("regexProblem names the rule, the key, the pattern and the 1-based position", () => {
  const compiled = compileUserRegex("foo(?=bar)", { ignoreCase: false });
  assert.equal(compiled.ok, false);
  if (compiled.ok) return;
  assert.deepEqual(regexProblem("Brand.Avoid", "tokens.2", "foo(?=bar)", compiled), {
    level: "error",
    path: "tokens.2",
    message: "rule Brand.Avoid: pattern 'foo(?=bar)' in 'tokens.2' cannot be used (position 4): lookahead '(?=' is not supported",
    fix: "rewrite without lookahead (to drop some matches, list them under 'exceptions'); onbrand runs patterns in a linear-time engine (RE2 syntax)",
  });
});

/** RE2's matches of `text.slice(from, to)`, found with no shortcut: what findAll must return. */
function re2Matches(pattern: string, ignoreCase: boolean, text: string, from: number, to: number): RegexMatch[] {
  const compiled = RE2JS.compile(pattern, RE2JS.MULTILINE | (ignoreCase ? RE2JS.CASE_INSENSITIVE : 0));
  const slice = text.slice(from, to);
  const matcher = compiled.matcher(slice);
  const out: RegexMatch[] = [];
  while (matcher.find()) {
    if (matcher.end() === matcher.start()) continue;
    const groups: string[] = [];
    const spans: RegexMatch["spans"] = [];
    for (let g = 0; g <= compiled.groupCount(); g++) {
      const start = matcher.start(g);
      groups.push(start < 0 ? "" : slice.slice(start, matcher.end(g)));
      spans.push(start < 0 ? null : { start: start + from, end: matcher.end(g) + from });
    }
    out.push({ start: matcher.start() + from, end: matcher.end() + from, groups, spans });
  }
  return out;
}

// Patterns that take each shortcut (a character-run scan, required literals, the DFA pre-check) and
// patterns that take none, over text with what trips up shortcuts: every kind of white space,
// combining marks, emoji sequences, CJK, typographic apostrophes, characters that fold with ASCII
// letters (Kelvin sign, long s), and lone surrogates.
const SHORTCUT_PATTERNS = [
  "[^\\s]+", "([^\\s]+)", "(?:\\S+)", ",", "!", "\\?", "[!?.]+", "\\d+", "[^\\d\\s.,]+", "\\s",
  "\\b(?:(okay)|(ok))\\b", "\\b(?:(ice-cold)|(ice cold))\\b", "(?:!{2,}|\\?!|!\\?)", "(?:\\.\\.\\.|…)", "\\b(\\d+)oz\\b",
  "\\b([A-Z]{3,5})\\b", "[A-Z]{4,}", "don[’']t", "日本", "colou?r", "^\\w+", "\\w+$", "s+", "k",
];
const TEXT_UNITS = [
  "a", "s", "k", "OK", "ok", "okay", "ice cold", "ICE-COLD", "12oz", "NASA", "colour", "don’t", "don't", "Don\u2019t",
  " ", "  ", "\t", "\n", "\r\n", "\v", "\f", "\u00a0", "\u2028", "\u3000", ",", ".", "...", "…", "!", "!!", "?!", "1", "_",
  "e\u0301", "\u0301", "👩\u200d👩\u200d👧", "👍🏽", "🇯🇵", "日本語", "\u212a", "\u017f", "İ", "\ud83d", "\ude00",
];

test("findAll, count and spans with their shortcuts give exactly RE2's matches; cannotMatchIn is never wrong", () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...SHORTCUT_PATTERNS),
      fc.boolean(),
      fc.string({ unit: fc.constantFrom(...TEXT_UNITS), maxLength: 14 }),
      fc.nat(),
      fc.nat(),
      (pattern, ignoreCase, text, a, b) => {
        const from = a % (text.length + 1);
        const to = from + (b % (text.length - from + 1));
        const regex = compile(pattern, ignoreCase);
        const place = `${pattern} ${ignoreCase} ${JSON.stringify(text)} [${from}, ${to})`;
        const expected = re2Matches(pattern, ignoreCase, text, from, to);
        assert.deepEqual(regex.findAll(text, from, to), expected, place);
        assert.equal(regex.count(text, from, to), expected.length, place);
        assert.deepEqual(regex.spans(text, from, to), expected.flatMap((m) => [m.start, m.end]), place);
        if (regex.cannotMatchIn(text)) assert.deepEqual(expected, [], place);
        assert.equal(regex.test(text), RE2JS.compile(pattern, RE2JS.MULTILINE | (ignoreCase ? RE2JS.CASE_INSENSITIVE : 0)).test(text), place);
      },
    ),
    { numRuns: 4000 },
  );
});
