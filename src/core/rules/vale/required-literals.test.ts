import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { RE2JS } from "re2js";
import { foldForLiterals, hasRun, mayMatch, requiredLiterals, requiredRun } from "./required-literals.ts";

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

/** The pattern as the rules compile it, or null for one RE2 refuses (random pieces make many). */
function compileOrNull(pattern: string, ignoreCase: boolean): RE2JS | null {
  try {
    return RE2JS.compile(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE | RE2JS.MULTILINE : RE2JS.MULTILINE);
  } catch {
    return null;
  }
}

test("when mayMatch says no, RE2 finds no match (random patterns and texts)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 5 }),
      fc.boolean(),
      fc.string({ unit: fc.constantFrom(...TEXT), maxLength: 12 }),
      (pieces, ignoreCase, text) => {
        const pattern = pieces.join("");
        const compiled = compileOrNull(pattern, ignoreCase);
        if (compiled === null) return;
        if (!mayMatch(requiredLiterals(pattern, ignoreCase), text)) assert.equal(compiled.test(text), false, `${pattern} on ${JSON.stringify(text)}`);
      },
    ),
    { numRuns: 5000 },
  );
});

test("mayMatch of a range of a text answers as mayMatch of that range cut out (İ, ſ, K and all)", () => {
  // Short texts are searched as they are; long ones (a document) through an index of the literals.
  for (const length of [{ maxLength: 12 }, { minLength: 300, maxLength: 400 }]) {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.string({ unit: fc.constantFrom(...TEXT), ...length }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        (pieces, ignoreCase, text, ranges) => {
          const required = requiredLiterals(pieces.join(""), ignoreCase);
          for (const [a, b] of ranges) {
            const from = a % (text.length + 1);
            const to = from + (b % (text.length - from + 1));
            const place = `${pieces.join("")} ${ignoreCase} ${JSON.stringify(text)} [${from}, ${to})`;
            const slice = ignoreCase ? foldForLiterals(text.slice(from, to)) : text.slice(from, to);
            const expected = required === null || required.literals.some((literal) => slice.includes(literal));
            assert.equal(mayMatch(required, text, from, to), expected, place);
          }
        },
      ),
      { numRuns: 3000 },
    );
  }
});

test("required runs: the characters every match has in a row, where the reader can tell", () => {
  const runOf = (pattern: string, ignoreCase: boolean): string | null => {
    const run = requiredRun(pattern, ignoreCase);
    return run && `${run.min} of ${[...run.members].map((member, code) => (member ? String.fromCharCode(code) : "")).join("")}`;
  };
  const capitals = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  assert.equal(runOf("\\b(?:[A-Z]{4,})\\b", false), `4 of ${capitals}`);
  assert.equal(runOf("\\b([A-Z]{3,5})\\b", false), `3 of ${capitals}`);
  // Capitals are rarer in prose than the letters and spaces of the longer run.
  assert.equal(runOf("(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)", false), `3 of ${capitals}`);
  assert.equal(runOf("\\d{3}-\\d{4}", false), "8 of -0123456789");
  assert.equal(runOf("(?:!{2,}|\\?!|!\\?)", false), "2 of !?");
  assert.equal(runOf("[a\\-z]", false), "1 of -az"); // an escaped "-" is no range
  assert.equal(runOf("[A-J]{2}", true), "2 of ABCDEFGHIJabcdefghij");
  assert.equal(runOf("[A-Z]{4,}", true), null); // k and s fold with K (Kelvin) and ſ
  assert.equal(runOf("\\w+", true), null);
  assert.equal(runOf("[^a]+", false), null);
  assert.equal(runOf(".{4,}", false), null);
  assert.equal(runOf("x*", false), null);
  assert.equal(runOf("\\p{Lu}{4}", false), null);
  assert.equal(hasRun(requiredRun("[A-Z]{4,}", false), "Not LOUD"), true);
  assert.equal(hasRun(requiredRun("[A-Z]{4,}", false), "NOT LOUD", 0, 3), false);
});

const RUN_PIECES = [
  "[A-Z]", "[A-Z]{2,}", "[A-Z]{2,3}", "[a-z]+", "[0-9,]", "\\d{2}", "[a\\-z]", "[!?]{2}", "(?:AB|CD)", "[A-J]", "\\w", "\\s",
  "\\b", "^", "$", "(", ")", "|", "?", "+", "*", ".", "a", "K", "s", " ", "-", "[^a]", "[\\d,]", "[a\\d-]", "[-a]", "[\\.-z]",
];
const RUN_TEXT = ["A", "B", "C", "D", "AB", "CD", "K", "\u212a", "s", "S", "\u017f", "a", "z", "1", "22", ",", "!", "?", "-", " ", "\n", "é", "İ"];

test("when a block has no required run, RE2 finds no match there (random patterns and texts)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...RUN_PIECES), { minLength: 1, maxLength: 6 }),
      fc.boolean(),
      fc.string({ unit: fc.constantFrom(...RUN_TEXT), maxLength: 14 }),
      (pieces, ignoreCase, text) => {
        const pattern = pieces.join("");
        const compiled = compileOrNull(pattern, ignoreCase);
        if (compiled === null) return;
        if (!hasRun(requiredRun(pattern, ignoreCase), text)) assert.equal(compiled.test(text), false, `${pattern} ${ignoreCase} on ${JSON.stringify(text)}`);
      },
    ),
    { numRuns: 20000 },
  );
});
