/**
 * The arithmetic of Vale's `metric` rules, parsed and evaluated without `eval`: numbers, variables
 * (`words`, `heading.h2`), `+ - * /`, unary minus, parentheses and `math.<fn>(...)` calls. A
 * condition is a comparison (`> 8`, `<= words / 2`) applied to the formula's value. All numbers are
 * floating point, so `== 8` and `== 8.0` mean the same (Vale asks for the second form).
 */

type Node =
  | { kind: "number"; value: number }
  | { kind: "variable"; name: string }
  | { kind: "negate"; operand: Node }
  | { kind: "binary"; op: "+" | "-" | "*" | "/"; left: Node; right: Node }
  | { kind: "call"; fn: MathFunction; args: Node[] };

interface MathFunction {
  arity: number;
  apply(...args: number[]): number;
}

/** `math.<name>` functions: Vale documents `sqrt` and `abs`; the rest are its script engine's. */
const MATH: Readonly<Record<string, MathFunction>> = {
  abs: { arity: 1, apply: Math.abs },
  sqrt: { arity: 1, apply: Math.sqrt },
  cbrt: { arity: 1, apply: Math.cbrt },
  pow: { arity: 2, apply: Math.pow },
  log: { arity: 1, apply: Math.log },
  log2: { arity: 1, apply: Math.log2 },
  log10: { arity: 1, apply: Math.log10 },
  exp: { arity: 1, apply: Math.exp },
  floor: { arity: 1, apply: Math.floor },
  ceil: { arity: 1, apply: Math.ceil },
  round: { arity: 1, apply: (x) => (x < 0 ? -Math.round(-x) : Math.round(x)) },
  trunc: { arity: 1, apply: Math.trunc },
  max: { arity: 2, apply: Math.max },
  min: { arity: 2, apply: Math.min },
};

export const COMPARISONS = [">=", "<=", "==", "!=", ">", "<"] as const;
export type Comparison = (typeof COMPARISONS)[number];

/** A parse failure: what is wrong, where (0-based index into the text) and what to write. */
export interface FormulaError {
  ok: false;
  message: string;
  index: number;
  fix: string;
}

export interface Formula {
  /** Variable names the formula reads, `heading.h2` written as `heading_h2`. */
  readonly variables: readonly string[];
  evaluate(values: Readonly<Record<string, number>>): number;
}

export interface Condition {
  readonly comparison: Comparison;
  readonly variables: readonly string[];
  /** Compares `value` with the right-hand side; NaN compares false, as in Go. */
  holds(value: number, values: Readonly<Record<string, number>>): boolean;
}

class ParseError extends Error {
  readonly index: number;
  readonly fix: string;
  constructor(message: string, index: number, fix: string) {
    super(message);
    this.index = index;
    this.fix = fix;
  }
}

/**
 * Parses a `formula`. Every variable must be one of `known` (in `snake_case`; `heading.h1` is read
 * as `heading_h1`, as Vale does).
 *
 * @example
 * const parsed = parseFormula("0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59", ["words", "sentences", "syllables"]);
 * if (parsed.ok) parsed.formula.evaluate({ words: 100, sentences: 5, syllables: 150 }); // 9.91
 */
export function parseFormula(text: string, known: readonly string[]): { ok: true; formula: Formula } | FormulaError {
  try {
    const parser = new Parser(text, known);
    const node = parser.expression();
    parser.end();
    return { ok: true, formula: { variables: parser.variables(), evaluate: (values) => evaluate(node, values) } };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Parses a `condition`: a comparison operator (`>`, `<`, `>=`, `<=`, `==`, `!=`) and an expression.
 *
 * @example
 * const parsed = parseCondition("> 8.0", []);
 * if (parsed.ok) parsed.condition.holds(9.1, {}); // true
 */
export function parseCondition(text: string, known: readonly string[]): { ok: true; condition: Condition } | FormulaError {
  try {
    const parser = new Parser(text, known);
    const comparison = parser.comparison();
    const node = parser.expression();
    parser.end();
    return {
      ok: true,
      condition: {
        comparison,
        variables: parser.variables(),
        holds: (value, values) => compare(comparison, value, evaluate(node, values)),
      },
    };
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): FormulaError {
  if (error instanceof ParseError) return { ok: false, message: error.message, index: error.index, fix: error.fix };
  throw error;
}

function compare(op: Comparison, left: number, right: number): boolean {
  switch (op) {
    case ">":
      return left > right;
    case "<":
      return left < right;
    case ">=":
      return left >= right;
    case "<=":
      return left <= right;
    case "==":
      return left === right;
    case "!=":
      return left !== right;
  }
}

function evaluate(node: Node, values: Readonly<Record<string, number>>): number {
  switch (node.kind) {
    case "number":
      return node.value;
    case "variable":
      return values[node.name] ?? 0;
    case "negate":
      return -evaluate(node.operand, values);
    case "binary": {
      const left = evaluate(node.left, values);
      const right = evaluate(node.right, values);
      switch (node.op) {
        case "+":
          return left + right;
        case "-":
          return left - right;
        case "*":
          return left * right;
        case "/":
          return left / right;
      }
      break;
    }
    case "call":
      return node.fn.apply(...node.args.map((arg) => evaluate(arg, values)));
  }
  return NaN;
}

const NUMBER = /\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/y;

class Parser {
  private readonly text: string;
  private readonly known: readonly string[];
  private readonly used = new Set<string>();
  private pos = 0;

  constructor(text: string, known: readonly string[]) {
    this.text = text;
    this.known = known;
  }

  variables(): string[] {
    return [...this.used];
  }

  comparison(): Comparison {
    this.skipSpace();
    const op = COMPARISONS.find((candidate) => this.text.startsWith(candidate, this.pos));
    if (op === undefined) {
      throw new ParseError(
        this.pos >= this.text.length ? "the condition is empty" : `expected a comparison, found '${this.text[this.pos]}'`,
        this.pos,
        "start the condition with >, <, >=, <=, == or !=, then a number, e.g. '> 8.0'",
      );
    }
    this.pos += op.length;
    return op;
  }

  end(): void {
    this.skipSpace();
    if (this.pos < this.text.length) {
      const rest = this.text[this.pos] as string;
      throw new ParseError(
        rest === ")" ? "')' closes nothing" : `unexpected '${rest}'`,
        this.pos,
        "use numbers, variables, + - * /, parentheses and math.sqrt(x) or math.abs(x)",
      );
    }
  }

  expression(): Node {
    let left = this.term();
    for (;;) {
      this.skipSpace();
      const op = this.text[this.pos];
      if (op !== "+" && op !== "-") return left;
      this.pos++;
      left = { kind: "binary", op, left, right: this.term() };
    }
  }

  private term(): Node {
    let left = this.unary();
    for (;;) {
      this.skipSpace();
      const op = this.text[this.pos];
      if (op !== "*" && op !== "/") return left;
      this.pos++;
      left = { kind: "binary", op, left, right: this.unary() };
    }
  }

  private unary(): Node {
    this.skipSpace();
    const op = this.text[this.pos];
    if (op === "-" || op === "+") {
      this.pos++;
      const operand = this.unary();
      return op === "-" ? { kind: "negate", operand } : operand;
    }
    return this.primary();
  }

  private primary(): Node {
    this.skipSpace();
    const start = this.pos;
    const char = this.text[start];
    if (char === undefined) {
      throw new ParseError(
        start === 0 ? "the expression is empty" : "the expression ends too early",
        start,
        "write a number, a variable or a parenthesised expression here",
      );
    }
    if (char === "(") {
      this.pos++;
      const inner = this.expression();
      this.skipSpace();
      if (this.text[this.pos] !== ")") throw new ParseError("'(' is never closed", start, "add the missing ')'");
      this.pos++;
      return inner;
    }
    NUMBER.lastIndex = start;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.pos = start + number[0].length;
      return { kind: "number", value: Number(number[0]) };
    }
    NAME.lastIndex = start;
    const name = NAME.exec(this.text);
    if (name) {
      this.pos = start + name[0].length;
      return name[0].startsWith("math.") ? this.call(name[0], start) : this.variable(name[0], start);
    }
    throw new ParseError(`unexpected '${char}'`, start, "write a number, a variable or a parenthesised expression here");
  }

  private variable(written: string, at: number): Node {
    const name = written.replace(/^heading\.(h[1-6])$/, "heading_$1");
    if (!this.known.includes(name)) {
      throw new ParseError(`unknown variable '${written}'`, at, `use one of ${this.known.join(", ")}`);
    }
    this.used.add(name);
    return { kind: "variable", name };
  }

  private call(written: string, at: number): Node {
    const fnName = written.slice("math.".length);
    const fn = Object.hasOwn(MATH, fnName) ? MATH[fnName] : undefined;
    if (fn === undefined) {
      throw new ParseError(
        `unknown function '${written}'`,
        at,
        `use one of ${Object.keys(MATH).map((key) => `math.${key}`).join(", ")}`,
      );
    }
    this.skipSpace();
    if (this.text[this.pos] !== "(") throw new ParseError(`'${written}' needs '(' and its argument`, this.pos, `write ${written}(x)`);
    const open = this.pos++;
    const args: Node[] = [];
    this.skipSpace();
    if (this.text[this.pos] !== ")") {
      for (;;) {
        args.push(this.expression());
        this.skipSpace();
        if (this.text[this.pos] !== ",") break;
        this.pos++;
      }
    }
    if (this.text[this.pos] !== ")") throw new ParseError("'(' is never closed", open, "add the missing ')'");
    this.pos++;
    if (args.length !== fn.arity) {
      throw new ParseError(
        `'${written}' takes ${fn.arity} argument${fn.arity === 1 ? "" : "s"}, got ${args.length}`,
        at,
        `write ${written}(${fn.arity === 1 ? "x" : "x, y"})`,
      );
    }
    return { kind: "call", fn, args };
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos] as string)) this.pos++;
  }
}
