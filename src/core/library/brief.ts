import { didYouMean } from "../kit/did-you-mean.ts";
import { describeFound } from "../kit/schema-diagnostics.ts";
import type { Brief } from "./library.ts";
import { type InputSpec, inputType, type UseCaseSpec } from "./usecase-schema.ts";

/** A problem with one value, by its path inside the thing validated (`["product"]`). */
export interface FieldProblem {
  path: (string | number)[];
  message: string;
  fix: string;
}

/** Longest text a brief value may hold unless its input sets `max_chars`: a brief, not a book. */
export const MAX_BRIEF_VALUE_CHARS = 20_000;

// Tab, line feed and carriage return are text; other control characters mean binary or pasted junk.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Validates a brief against a use case's inputs and fills in defaults. Values may come from a
 * file (typed) or from `--set` (strings): "12" is a number for a number input, "yes" a boolean,
 * "a, b" a list. Every problem is returned at once, each naming the field and what it expects;
 * `brief` is null when there is any.
 *
 * @example
 * validateBrief(useCase, { product: "Fizzwell Zero", tone: "loud" }).problems[0].message
 * // 'brief field "tone" must be one of calm, upbeat; found "loud"'
 */
export function validateBrief(useCase: Pick<UseCaseSpec, "inputs">, value: unknown): { brief: Brief | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (value === null || value === undefined) value = {};
  if (typeof value !== "object" || Array.isArray(value)) {
    problems.push({
      path: [],
      message: `a brief must be a mapping of field names to values; found ${describeFound(value)}`,
      fix: `write one field per line, such as ${exampleLine(useCase.inputs[0])}`,
    });
    return { brief: null, problems };
  }
  const given = value as Record<string, unknown>;
  const names = useCase.inputs.map((i) => i.name);
  for (const key of Object.keys(given)) {
    if (names.includes(key)) continue;
    const suggestion = didYouMean(key, names);
    problems.push({
      path: [key],
      message: `the brief has a field "${key}" that the use case does not define${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      fix: suggestion ? `rename it to "${suggestion}"` : names.length > 0 ? `use one of ${names.join(", ")}` : "remove it: this use case takes no brief",
    });
  }
  const brief: Brief = {};
  for (const input of useCase.inputs) {
    const raw = Object.hasOwn(given, input.name) ? given[input.name] : undefined;
    if (raw === undefined || raw === null || raw === "") {
      if (input.default !== undefined) brief[input.name] = input.default;
      else if (input.required) {
        problems.push({
          path: [input.name],
          message: `the brief needs "${input.name}"${input.description ? ` (${input.description.trim()})` : ""}`,
          fix: `add ${exampleLine(input)}`,
        });
      }
      continue;
    }
    const result = coerce(input, raw);
    if ("problem" in result) problems.push({ path: [input.name], ...result.problem });
    else brief[input.name] = result.value;
  }
  return { brief: problems.length === 0 ? brief : null, problems };
}

/** What an input expects, in words: "a number", "one of calm, upbeat". */
export function expectedValue(input: InputSpec): string {
  switch (inputType(input)) {
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "list":
      return "a list of texts";
    case "enum":
      return `one of ${(input.enum ?? []).join(", ")}`;
    case "text":
      return input.max_chars ? `a text of at most ${input.max_chars} characters` : "a text";
  }
}

type Coerced = { value: string | number | boolean | string[] } | { problem: Omit<FieldProblem, "path"> };

function coerce(input: InputSpec, raw: unknown): Coerced {
  const mismatch = (): Coerced => ({
    problem: {
      message: `brief field "${input.name}" must be ${expectedValue(input)}; found ${describeFound(raw)}`,
      fix: `write ${exampleLine(input)}`,
    },
  });
  switch (inputType(input)) {
    case "number": {
      const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : Number.NaN;
      return Number.isFinite(n) ? { value: n } : mismatch();
    }
    case "boolean": {
      if (typeof raw === "boolean") return { value: raw };
      const word = typeof raw === "string" ? raw.trim().toLowerCase() : "";
      if (["true", "yes", "on"].includes(word)) return { value: true };
      if (["false", "no", "off"].includes(word)) return { value: false };
      return mismatch();
    }
    case "list": {
      const items = typeof raw === "string" ? raw.split(",").map((s) => s.trim()).filter(Boolean) : raw;
      if (!Array.isArray(items) || !items.every((i) => typeof i === "string" || typeof i === "number")) return mismatch();
      const texts = items.map(String);
      for (const text of texts) {
        const problem = textProblem(input, text);
        if (problem) return { problem };
      }
      return { value: texts };
    }
    case "enum": {
      const allowed = input.enum ?? [];
      const text = typeof raw === "string" || typeof raw === "number" ? String(raw) : null;
      if (text !== null && allowed.includes(text)) return { value: text };
      const suggestion = text === null ? undefined : didYouMean(text, allowed);
      if (text === null || !suggestion) return mismatch();
      return {
        problem: {
          message: `brief field "${input.name}" must be one of ${allowed.join(", ")}; found ${describeFound(raw)}; did you mean "${suggestion}"?`,
          fix: `write ${input.name}: ${suggestion}`,
        },
      };
    }
    case "text": {
      if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") return mismatch();
      const text = String(raw);
      const problem = textProblem(input, text);
      return problem ? { problem } : { value: text };
    }
  }
}

function textProblem(input: InputSpec, text: string): Omit<FieldProblem, "path"> | null {
  const max = input.max_chars ?? MAX_BRIEF_VALUE_CHARS;
  const length = [...text].length;
  if (length > max) {
    return {
      message: `brief field "${input.name}" is ${length} characters long; it may have at most ${max}`,
      fix: input.max_chars ? "shorten it" : "shorten it: put the essentials in the brief, not the whole source document",
    };
  }
  if (CONTROL.test(text)) {
    return {
      message: `brief field "${input.name}" contains control characters (binary data or a bad paste)`,
      fix: "paste the text again as plain text",
    };
  }
  return null;
}

function exampleLine(input: InputSpec | undefined): string {
  if (!input) return "product: Fizzwell Zero";
  switch (inputType(input)) {
    case "number":
      return `${input.name}: 12`;
    case "boolean":
      return `${input.name}: true`;
    case "list":
      return `${input.name}: [first, second]`;
    case "enum":
      return `${input.name}: ${input.enum?.[0] ?? "..."}`;
    case "text":
      return `${input.name}: "..."`;
  }
}
