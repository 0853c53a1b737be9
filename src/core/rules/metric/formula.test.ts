import assert from "node:assert/strict";
import { test } from "node:test";
import { parseCondition, parseFormula } from "./formula.ts";

const KNOWN = ["words", "sentences", "syllables", "heading_h1", "list"];

function value(formula: string, values: Record<string, number> = {}): number {
  const parsed = parseFormula(formula, KNOWN);
  if (!parsed.ok) throw new Error(`${parsed.message} at ${parsed.index}`);
  return parsed.formula.evaluate(values);
}

test("precedence, associativity, unary minus and parentheses", () => {
  assert.equal(value("1 + 2 * 3"), 7);
  assert.equal(value("(1 + 2) * 3"), 9);
  assert.equal(value("10 - 4 - 3"), 3);
  assert.equal(value("24 / 4 / 2"), 3);
  assert.equal(value("-2 * -3"), 6);
  assert.equal(value("- (2 + 3)"), -5);
  assert.equal(value("+4"), 4);
  assert.equal(value(".5 + 1.25e1"), 13);
});

test("variables, heading.hN and math functions", () => {
  assert.equal(value("words / sentences", { words: 30, sentences: 4 }), 7.5);
  assert.equal(value("heading.h1 + list", { heading_h1: 1, list: 2 }), 3);
  assert.equal(value("math.sqrt(words * 4)", { words: 25 }), 10);
  assert.equal(value("math.abs(1 - words)", { words: 5 }), 4);
  assert.equal(value("math.pow(2, 3) + math.max(1, 2)"), 10);
  const fk = value("(0.39 * (words / sentences)) +\n(11.8 * (syllables / words)) - 15.59\n", { words: 100, sentences: 5, syllables: 150 });
  assert.equal(fk.toFixed(2), "9.91");
});

test("division by zero follows floating point, as in Vale", () => {
  assert.equal(value("words / sentences", { words: 3, sentences: 0 }), Infinity);
  assert.ok(Number.isNaN(value("words / sentences", { words: 0, sentences: 0 })));
});

test("the formula reports the variables it reads", () => {
  const parsed = parseFormula("words / sentences + heading.h1 + words", KNOWN);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.formula.variables, ["words", "sentences", "heading_h1"]);
});

const errors: Array<[formula: string, message: string, index: number, fix: RegExp]> = [
  ["", "the expression is empty", 0, /number, a variable/],
  ["words /", "the expression ends too early", 7, /number, a variable/],
  ["wordz / sentences", "unknown variable 'wordz'", 0, /use one of words, sentences/],
  ["words + heading.h7", "unknown variable 'heading.h7'", 8, /heading_h1/],
  ["(words + 1", "'(' is never closed", 0, /add the missing '\)'/],
  ["words + 1)", "')' closes nothing", 9, /parentheses/],
  ["words ^ 2", "unexpected '^'", 6, /\+ - \* \//],
  ["words * * 2", "unexpected '*'", 8, /number, a variable/],
  ["math.cos(words)", "unknown function 'math.cos'", 0, /math\.sqrt/],
  ["math.sqrt words", "'math.sqrt' needs '(' and its argument", 10, /math\.sqrt\(x\)/],
  ["1 + math.sqrt(1, 2)", "'math.sqrt' takes 1 argument, got 2", 4, /math\.sqrt\(x\)/],
  ["math.pow(2)", "'math.pow' takes 2 arguments, got 1", 0, /math\.pow\(x, y\)/],
  ["words; 1", "unexpected ';'", 5, /parentheses/],
  ["constructor", "unknown variable 'constructor'", 0, /use one of/],
  ["math.constructor(1)", "unknown function 'math.constructor'", 0, /math\.abs/],
];

for (const [formula, message, index, fix] of errors) {
  test(`formula error: ${JSON.stringify(formula)}`, () => {
    const parsed = parseFormula(formula, KNOWN);
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    assert.equal(parsed.message, message);
    assert.equal(parsed.index, index);
    assert.match(parsed.fix, fix);
  });
}

test("conditions compare the value with an expression", () => {
  const holds = (condition: string, v: number, values: Record<string, number> = {}) => {
    const parsed = parseCondition(condition, KNOWN);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.condition.holds(v, values);
  };
  assert.equal(holds("> 8.0", 8.01), true);
  assert.equal(holds("> 8", 8), false);
  assert.equal(holds(">= 8", 8), true);
  assert.equal(holds("<8", 7.9), true);
  assert.equal(holds("<= 7", 7.5), false);
  assert.equal(holds("== 8", 8), true);
  assert.equal(holds("== 8.0", 8), true);
  assert.equal(holds("!= 8", 8), false);
  assert.equal(holds("> words / 2", 6, { words: 10 }), true);
  assert.equal(holds("> 1", NaN), false);
});

test("condition errors name the position", () => {
  const cases: Array<[string, string, number]> = [
    ["", "the condition is empty", 0],
    ["8", "expected a comparison, found '8'", 0],
    ["=> 8", "expected a comparison, found '='", 0],
    ["> ", "the expression ends too early", 2],
    ["> 8 9", "unexpected '9'", 4],
  ];
  for (const [condition, message, index] of cases) {
    const parsed = parseCondition(condition, KNOWN);
    assert.equal(parsed.ok, false, condition);
    if (!parsed.ok) assert.deepEqual([parsed.message, parsed.index], [message, index], condition);
  }
});
