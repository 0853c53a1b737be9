import { plainTextDocument } from "../document/prose-document.ts";
import { checkDocuments } from "../engine/check-documents.ts";
import type { Kit } from "../engine/load-kit.ts";
import { UsageError } from "../errors.ts";
import type { Finding } from "../findings.ts";
import { didYouMean } from "../kit/did-you-mean.ts";
import type { YamlPath } from "../kit/yaml-file.ts";
import { compilePrompt } from "../prompt/compile-prompt.ts";
import { templateVariables } from "../prompt/instructions-template.ts";
import { checkOutput, OUTPUT_RULES } from "./check-output.ts";
import type { Brief, Library, Target, UseCase } from "./library.ts";
import { type ResolvedField, resolveOutputFields } from "./output-fields.ts";
import { resolveTarget } from "./target.ts";
import { validateBrief } from "./brief.ts";
import { EXPECT_PASS, TARGET_VARIABLES } from "./usecase-schema.ts";

/** The result of one test case: a kit example, a use case example or a use case test. */
export interface TestCaseResult {
  /** `kit` for the brand kit's examples, `usecase:<id>` for a use case's examples and tests. */
  suite: string;
  name: string;
  status: "pass" | "fail";
  /** Why it failed, one line each (empty when it passed). */
  details: string[];
  /** Where the case is written: workspace-relative file, 1-based line and column (0 when unknown). */
  file: string;
  line: number;
  column: number;
  /** Milliseconds the case took. */
  duration: number;
}

/** Ids of the scaffold lint warnings; docs/testing.md has a section for each. */
export const LINT_CODES = [
  "few-kit-examples",
  "undefined-variable",
  "unlimited-field",
  "token-budget",
  "no-owner",
  "no-tests",
  "no-failing-test",
] as const;
export type LintCode = (typeof LINT_CODES)[number];

/** A weakness of the kit or a use case that no test catches: it warns, it does not fail a case. */
export interface LintWarning {
  code: LintCode;
  /** The suite it belongs to (`kit`, `usecase:<id>`). */
  suite: string;
  file: string;
  line: number;
  column: number;
  message: string;
  fix: string;
}

export interface LibraryTestOptions {
  /** Token counter for the prompt budget (default: an estimate of one token per 4 characters). */
  countTokens?: (text: string) => number;
  /** Run only these use cases (and not the kit's examples); an unknown id is a UsageError. */
  useCases?: readonly string[];
  /** Milliseconds from some fixed point, for durations (default `performance.now`). */
  clock?: () => number;
}

export interface LibraryTestRun {
  cases: TestCaseResult[];
  warnings: LintWarning[];
}

/** Fewest compliant and non-compliant examples a kit should have: one is an anecdote, three show the line. */
export const MIN_KIT_EXAMPLES = 3;

const KIT_SUITE = "kit";
// Tests are about the rules, not about how strict a report is: every level counts as raised.
const ALL_LEVELS = { minLevel: "suggestion" } as const;

/**
 * Runs the brand kit's examples and the use-case library as tests, and lints the scaffolds.
 * Cases: each compliant kit example raises no error-level finding (checked as plain text, on no
 * channel); each non-compliant one raises every rule of its `expect` (an id, or a prefix of ids
 * such as `Brand.Claims`), or any finding when it lists none; each use case example passes (no
 * error-level finding, Output.* included) on its own channel, or on every channel of the use case
 * when it names none; each use case test raises what it expects (`pass`: no error-level finding;
 * a list: every id) on its target (its channel, else the use case's default). Warnings: see
 * LINT_CODES. Pure: it reads nothing, prints nothing.
 *
 * @example
 * const { cases, warnings } = runLibraryTests(kit, library, { countTokens });
 * cases.filter((c) => c.status === "fail").map((c) => `${c.suite} › ${c.name}`)
 * // ["usecase:email › catches a health claim"]
 */
export function runLibraryTests(kit: Kit, library: Library, options: LibraryTestOptions = {}): LibraryTestRun {
  const clock = options.clock ?? (() => performance.now());
  const countTokens = options.countTokens ?? estimateTokens;
  const cases: TestCaseResult[] = [];
  const warnings: LintWarning[] = [];
  const timed = (make: () => Omit<TestCaseResult, "duration">): void => {
    const start = clock();
    const result = make();
    cases.push({ ...result, duration: Math.max(0, clock() - start) });
  };

  const selected = selectUseCases(library, options.useCases);
  const known = knownRuleIds(kit);
  if (!options.useCases || options.useCases.length === 0) {
    const kitCases = kitExampleCases(kit, known);
    for (const make of kitCases.cases) timed(make);
    warnings.push(...kitCases.warnings);
  }
  for (const useCase of selected) {
    for (const make of useCaseCases(kit, useCase, known)) timed(make);
    warnings.push(...lintUseCase(kit, useCase, countTokens));
  }
  return { cases, warnings };
}

function selectUseCases(library: Library, ids: readonly string[] | undefined): UseCase[] {
  if (!ids || ids.length === 0) return library.useCases;
  const all = library.useCases.map((u) => u.id);
  for (const id of ids) {
    if (library.get(id)) continue;
    const suggestion = didYouMean(id, all);
    const known = all.length > 0 ? `the library has ${all.join(", ")}` : "the library is empty (add <kit>/usecases/<id>.yaml)";
    throw new UsageError(`unknown use case "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ""} (${known})`);
  }
  return library.useCases.filter((u) => ids.includes(u.id));
}

type MakeCase = () => Omit<TestCaseResult, "duration">;

function kitExampleCases(kit: Kit, known: readonly string[]): { cases: MakeCase[]; warnings: LintWarning[] } {
  const file = kit.source.file;
  const at = (path: YamlPath): { file: string; line: number; column: number } => ({ file, ...kit.source.positionOf(path) });
  const { compliant, noncompliant } = kit.brand.examples;
  const cases: MakeCase[] = [];
  const check = (text: string): Finding[] =>
    checkDocuments(kit, [plainTextDocument(text)], { channel: null, locale: kit.brand.locale ?? null }, ALL_LEVELS.minLevel).findings;

  compliant.forEach((example, i) => {
    cases.push(() => {
      const errors = check(example.text).filter((f) => f.level === "error");
      return {
        suite: KIT_SUITE,
        name: `compliant example ${i + 1}: ${excerpt(example.text)}`,
        status: errors.length === 0 ? "pass" : "fail",
        details: errors.map((f) => `unexpected ${describeFinding(f)}`),
        ...at(["examples", "compliant", i]),
      };
    });
  });
  noncompliant.forEach((example, i) => {
    cases.push(() => {
      const findings = check(example.text);
      const details =
        example.expect.length > 0
          ? missingExpectations(example.expect, findings, known)
          : findings.length === 0
            ? ["expected at least one finding, found none: the kit does not catch this example"]
            : [];
      if (details.length > 0) details.push(...raisedLines(findings));
      return {
        suite: KIT_SUITE,
        name: `non-compliant example ${i + 1}: ${excerpt(example.text)}`,
        status: details.length === 0 ? "pass" : "fail",
        details,
        ...at(["examples", "noncompliant", i]),
      };
    });
  });

  const warnings: LintWarning[] = [];
  for (const [kind, list, keys] of [
    ["compliant", compliant, "text: and why:"],
    ["noncompliant", noncompliant, "text:, why: and expect: [the rule ids that must catch it]"],
  ] as const) {
    if (list.length >= MIN_KIT_EXAMPLES) continue;
    const label = kind === "compliant" ? "compliant" : "non-compliant";
    warnings.push({
      code: "few-kit-examples",
      suite: KIT_SUITE,
      ...at(list.length > 0 ? ["examples", kind] : ["examples"]),
      message: `the kit has ${list.length} ${label} example${list.length === 1 ? "" : "s"}; ${MIN_KIT_EXAMPLES} or more show the model (and the tests) where the line is`,
      fix: `add ${MIN_KIT_EXAMPLES - list.length} under examples.${kind}, each with ${keys}`,
    });
  }
  return { cases, warnings };
}

function useCaseCases(kit: Kit, useCase: UseCase, known: readonly string[]): MakeCase[] {
  const suite = `usecase:${useCase.id}`;
  const at = (path: YamlPath): { file: string; line: number; column: number } => ({ file: useCase.file, ...useCase.positionOf(path) });
  const cases: MakeCase[] = [];

  useCase.examples.forEach((example, i) => {
    cases.push(() => {
      // An example without a channel is shown in the prompt for every channel, so it must pass on each.
      const channels = example.channel !== undefined ? [example.channel] : useCase.channels.length > 0 ? useCase.channels : [null];
      const details: string[] = [];
      for (const channel of channels) {
        const { target, problems } = resolveTarget(kit, useCase, { channel, audience: example.audience, region: example.region });
        if (!target) {
          details.push(...problems.map((p) => `${where(channel, channels)}${p.message}`));
          continue;
        }
        const errors = checkOutput(kit, useCase, target, example.output, ALL_LEVELS).findings.filter((f) => f.level === "error");
        details.push(...errors.map((f) => `${where(channel, channels)}unexpected ${describeFinding(f)}`));
      }
      const on = channels.length === 1 && channels[0] !== null ? ` on ${channels[0]}` : channels.length > 1 ? ` on ${channels.join(", ")}` : "";
      return { suite, name: `example ${i + 1} passes${on}`, status: details.length === 0 ? "pass" : "fail", details, ...at(["examples", i]) };
    });
  });

  useCase.tests.forEach((spec, i) => {
    cases.push(() => {
      const name = spec.name?.trim() || `tests[${i}]`;
      const { target, problems } = resolveTarget(kit, useCase, spec);
      if (!target) return { suite, name, status: "fail", details: problems.map((p) => p.message), ...at(["tests", i]) };
      const findings = checkOutput(kit, useCase, target, spec.output, ALL_LEVELS).findings;
      const on = target.channel ? `on ${target.channel.id}: ` : "";
      let details: string[];
      if (spec.expect === EXPECT_PASS) {
        details = findings.filter((f) => f.level === "error").map((f) => `${on}unexpected ${describeFinding(f)}`);
      } else {
        details = missingExpectations(spec.expect, findings, known).map((line) => `${on}${line}`);
        if (details.length > 0) details.push(...raisedLines(findings));
      }
      return { suite, name, status: details.length === 0 ? "pass" : "fail", details, ...at(["tests", i]) };
    });
  });
  return cases;
}

function where(channel: string | null, channels: readonly (string | null)[]): string {
  return channel !== null && channels.length > 1 ? `on ${channel}: ` : "";
}

/**
 * Whether a finding's rule is the one expected: the same id, or an id under the expected prefix
 * (`Brand.Claims` matches `Brand.Claims.detox`, not `Brand.ClaimsX`).
 *
 * @example ruleMatches("Brand.Claims", "Brand.Claims.detox") // true
 */
export function ruleMatches(expected: string, rule: string): boolean {
  return rule === expected || rule.startsWith(`${expected}.`);
}

/** One line per expected id that no finding raised, with a hint when no rule of the kit has that id. */
function missingExpectations(expect: readonly string[], findings: readonly Finding[], known: readonly string[]): string[] {
  const lines: string[] = [];
  for (const id of expect) {
    if (findings.some((f) => ruleMatches(id, f.rule))) continue;
    let hint = "";
    if (!known.some((rule) => ruleMatches(id, rule))) {
      const suggestion = didYouMean(id, known);
      hint = ` (no rule of the kit has this id${suggestion ? `; did you mean ${suggestion}?` : ""})`;
    }
    lines.push(`expected ${id}, not raised${hint}`);
  }
  return lines;
}

function raisedLines(findings: readonly Finding[]): string[] {
  return findings.length === 0 ? ["raised: nothing"] : findings.map((f) => `raised: ${describeFinding(f)}`);
}

/** `error Brand.Claims.detox in subject at 1:12 "detox": A drink cannot detox.` */
function describeFinding(f: Finding): string {
  const field = f.field ? ` in ${f.field}` : "";
  const match = f.match ? ` ${JSON.stringify(f.match)}` : "";
  return `${f.level} ${f.rule}${field} at ${f.line}:${f.column}${match}: ${f.message}`;
}

/** Every rule id a finding may carry: the kit's and the output checks'. */
function knownRuleIds(kit: Kit): string[] {
  return [...kit.rules.map((r) => r.meta.id), ...Object.values(OUTPUT_RULES)];
}

const EXCERPT_CHARS = 40;

/** The first words of a text on one line, cut at a word with an ellipsis: "Zero sugar, all the sparkle. Fizzwell…". */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const line = text.replace(/\s+/g, " ").trim();
  const chars = [...line];
  if (chars.length <= max) return line;
  const cut = chars.slice(0, max).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, "")}…`;
}

/** Without a tokenizer: about four characters a token, as English text runs. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function lintUseCase(kit: Kit, useCase: UseCase, countTokens: (text: string) => number): LintWarning[] {
  const suite = `usecase:${useCase.id}`;
  const warn = (code: LintCode, path: YamlPath, message: string, fix: string): LintWarning => ({
    code,
    suite,
    file: useCase.file,
    ...useCase.positionOf(path),
    message,
    fix,
  });
  const warnings: LintWarning[] = [];

  const defined = [...useCase.inputs.map((i) => i.name), ...TARGET_VARIABLES];
  const reported = new Set<string>();
  for (const variable of templateVariables(useCase.instructions)) {
    if (defined.includes(variable.name) || reported.has(variable.name)) continue;
    reported.add(variable.name);
    const suggestion = didYouMean(variable.name, defined);
    warnings.push(
      warn(
        "undefined-variable",
        ["instructions"],
        `instructions use {{${variable.name}}}, which no input defines${suggestion ? `; did you mean {{${suggestion}}}?` : ""}; the prompt shows it as [${variable.name}] with no value`,
        suggestion
          ? `write {{${suggestion}}}, or add an input named ${variable.name}`
          : `add an input named ${variable.name} under inputs, or use one of ${defined.map((n) => `{{${n}}}`).join(", ")}`,
      ),
    );
  }

  const channels: (string | null)[] = useCase.channels.length > 0 ? useCase.channels : [null];
  const unlimited = new Map<string, { path: YamlPath; channels: string[] }>();
  for (const channel of channels) {
    for (const field of unlimitedFields(resolveOutputFields(kit.channels, useCase.output.fields, channel), ["output", "fields"])) {
      const entry = unlimited.get(field.path) ?? { path: field.yamlPath, channels: [] };
      if (channel !== null) entry.channels.push(channel);
      unlimited.set(field.path, entry);
    }
  }
  for (const [path, entry] of unlimited) {
    const name = path.slice(path.lastIndexOf(".") + 1);
    warnings.push(
      entry.channels.length === 0
        ? warn(
            "unlimited-field",
            entry.path,
            `output field "${path}" has no length limit: the use case names no channel and the field sets none`,
            "add max_chars or max_words to the field, or list the channels it runs on under channels",
          )
        : warn(
            "unlimited-field",
            entry.path,
            `output field "${path}" has no length limit on ${entry.channels.join(", ")}`,
            `add max_chars or max_words to the field, or a limit for ${name} under channels.<id>.fields in brand.yaml`,
          ),
    );
  }

  const budget = kit.config.prompt.token_budget;
  const brief = longestBrief(useCase);
  let worst: { channel: string | null; tokens: number } | null = null;
  for (const channel of channels) {
    const { target } = resolveTarget(kit, useCase, { channel });
    const prompt = compilePrompt(kit, useCase, brief, target ?? NO_TARGET);
    const tokens = prompt.messages.reduce((sum, m) => sum + countTokens(m.content), 0);
    if (tokens > budget && (worst === null || tokens > worst.tokens)) worst = { channel, tokens };
  }
  if (worst) {
    warnings.push(
      warn(
        "token-budget",
        [],
        `the compiled prompt takes ${worst.tokens} tokens${worst.channel ? ` on ${worst.channel}` : ""}, over the budget of ${budget}`,
        "shorten the instructions, the examples or the kit's voice and examples, or raise prompt.token_budget in onbrand.yaml",
      ),
    );
  }

  if (!useCase.owner) {
    warnings.push(warn("no-owner", ["name"], "the use case has no owner", "add owner: with the name or email of the champion who maintains it"));
  }
  if (useCase.tests.length === 0) {
    warnings.push(
      warn(
        "no-tests",
        ["tests"],
        "the use case has no tests",
        "add tests: an on-brand output with expect: pass, and an off-brand one with expect: [the rule ids that must catch it]",
      ),
    );
  } else if (useCase.tests.every((t) => t.expect === EXPECT_PASS)) {
    warnings.push(
      warn(
        "no-failing-test",
        ["tests"],
        "every test of the use case expects pass; none shows that an off-brand output is caught",
        "add a test with an off-brand output (a claim, a misspelt name, a field over its limit) and expect: [the rule ids that must catch it]",
      ),
    );
  }
  return warnings;
}

const NO_TARGET: Target = { channel: null, audience: null, region: null };

/** Text fields (groups flattened) without a limit, with their place in the use case file. */
function unlimitedFields(resolved: readonly ResolvedField[], base: YamlPath): { path: string; yamlPath: YamlPath }[] {
  return resolved.flatMap((field, i) => {
    const yamlPath = [...base, i];
    if (field.fields.length > 0) return unlimitedFields(field.fields, [...yamlPath, "fields"]);
    return field.spec.type !== "number" && field.limit === null ? [{ path: field.path, yamlPath }] : [];
  });
}

/**
 * The brief the budget is measured with: the longest brief of the examples and tests (as JSON),
 * else the inputs' defaults.
 */
function longestBrief(useCase: UseCase): Brief {
  let longest: Brief = {};
  for (const input of useCase.inputs) if (input.default !== undefined) longest[input.name] = input.default;
  let size = JSON.stringify(longest).length;
  for (const entry of [...useCase.examples, ...useCase.tests]) {
    // The loader validated every brief; a brief that still does not validate is measured as written.
    const brief: Brief = validateBrief(useCase, entry.brief).brief ?? entry.brief;
    const length = JSON.stringify(brief).length;
    if (length > size) {
      longest = brief;
      size = length;
    }
  }
  return longest;
}
