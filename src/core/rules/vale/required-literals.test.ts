import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { RE2JS } from "re2js";
import { foldForLiterals, mayMatch, requiredLiterals } from "./required-literals.ts";

test("required literals of the patterns Vale rules are made of", () => {
  const cases: Array<[string, boolean, string[] | null]> = [
    ["\\b(?:(okay)|(ok))\\b", true, ["ok"]],
    ["\\b(?:(ice-cold)|(ice cold))\\b", true, ["ice-cold", "ice cold"]],
    ["\\b(?:Synergy|Leverage)\\b", true, ["synergy", "leverage"]],
    ["\\b(?:Synergy|Leverage)\\b", false, ["Synergy", "Leverage"]],
    ["colou?r", true, ["color", "colour"]],
    ["(?:!{2,}|\\?!|!\\?)", false, ["!"]],
    ["(?:\\.\\.\\.|…)", false, ["…", "..."]],
    ["(?:(\\b(\\d+)oz\\b)|(\\b(\\d+)mg\\b)|(\\bfl\\. oz\\.))", false, ["oz", "mg"]],
    ["\\{\\{?\\s*\\w*name\\w*\\s*\\}?\\}|\\*\\|[A-Z_]+\\|\\*", true, ["*|", "name"]],
    ["a+b*c{2,3}d", false, ["a"]], // "a", "c" and "d" are each required; one is enough
    ["(?:ab){1}x", false, ["abx"]],
    ["über", false, ["über"]],
    ["über", true, ["ber"]], // a non-ASCII letter folds in ways not followed: any character
    ["[A-Z]{4,}", false, null],
    ["x*", false, null],
    ["a|b*", false, null], // b* matches the empty string
    ["(?i)synergy", false, null], // inline flags are not read
    ["(?-i:Foo)", false, null],
    ["\\p{Lu}+ing", false, null], // \p is not read
    ["caf\\x{e9}", false, null],
    ["a{,3}", false, null], // a `{` that is no repeat
    ["[]a]b", false, null],
    ["[[:alpha:]]b", false, null],
  ];
  for (const [pattern, ignoreCase, literals] of cases) {
    assert.deepEqual(requiredLiterals(pattern, ignoreCase)?.literals ?? null, literals, `${pattern} ${ignoreCase}`);
  }
});

test("mayMatch looks only inside [from, to), in folded text when the pattern ignores case", () => {
  const required = requiredLiterals("\\bgr[ae]y\\b|colou?r", true);
  assert.deepEqual(required?.literals, ["gr", "color", "colour"]);
  assert.equal(mayMatch(required, "A GREY sky"), true);
  assert.equal(mayMatch(required, "A blue sky"), false);
  const okay = requiredLiterals("\\b(?:okay|ok)\\b", true);
  assert.equal(mayMatch(okay, "It's OK."), true);
  assert.equal(mayMatch(okay, "It's OK.", 0, 5), false);
  assert.equal(mayMatch(okay, "\u212Aelvin says o\u212A"), true); // Kelvin sign folds with k
  assert.equal(mayMatch(okay, "Fine."), false);
  assert.equal(mayMatch(null, "anything"), true);
});

test("foldForLiterals folds what RE2 folds with ASCII letters (and lower-cases the rest)", () => {
  assert.equal(foldForLiterals("OK, \u212Aelvin"), "ok, kelvin");
  assert.equal(foldForLiterals("Maſs ÉCLAIR"), "mass éclair");
  assert.equal(foldForLiterals("plain"), "plain");
  // Every code point RE2 matches with a case-insensitive ASCII letter folds to that letter.
  const letters = RE2JS.compile("[a-z]", RE2JS.CASE_INSENSITIVE);
  for (let code = 0; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCodePoint(code);
    if (!letters.test(char)) continue;
    const folded = foldForLiterals(char);
    assert.match(folded, /^[a-z]$/, `U+${code.toString(16)}`);
    assert.equal(RE2JS.compile(folded, RE2JS.CASE_INSENSITIVE).test(char), true, `U+${code.toString(16)}`);
  }
});

/** Patterns built from what the reader knows, and some of what it does not. */
const PIECES = [
  "a", "b", "ab", "k", "s", "K", "é", "日", "👍", "’", " ", "-", "\\.", "\\b", "^", "$", ".", "\\s", "\\w", "\\d", "[ab]", "[^a]",
  "(?:a|b)", "(a)", "(?:ok|okay)", "x?", "a+", "b*", "s{2}", "k{1,2}?", "(?:)", "a|", "\\p{L}", "(?i)k",
];
const TEXT = ["a", "b", "A", "B", "k", "K", "\u212a", "s", "S", "\u017f", "é", "É", "e\u0301", "日", "👍", "👩‍👩‍👧", "’", "'", " ", "\n", "-", ".", "ok", "OK", "İ", "ı"];

test("when mayMatch says no, RE2 finds no match (random patterns and texts)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 5 }),
      fc.boolean(),
      fc.string({ unit: fc.constantFrom(...TEXT), maxLength: 12 }),
      (pieces, ignoreCase, text) => {
        const pattern = pieces.join("");
        let compiled: RE2JS;
        try {
          compiled = RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE | RE2JS.MULTILINE : RE2JS.MULTILINE);
        } catch {
          return;
        }
        if (!mayMatch(requiredLiterals(pattern, ignoreCase), text)) assert.equal(compiled.test(text), false, `${pattern} on ${JSON.stringify(text)}`);
      },
    ),
    { numRuns: 5000 },
  );
});
