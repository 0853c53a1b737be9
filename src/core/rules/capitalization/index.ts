import { didYouMean } from "../../kit/did-you-mean.ts";
import type { Report, Rule, RuleProblem } from "../rule.ts";
import { readBoolean, readString, readStringList, type RuleDefinition } from "../vale/definition-keys.ts";
import { compileExceptions } from "../vale/exceptions.ts";
import { formatMessage } from "../vale/format-message.ts";
import { emitReports } from "../vale/report-buffer.ts";
import type { ValeRuleType } from "../vale/rule-type.ts";
import { compileUserRegex, regexProblem, type UserRegex } from "../vale/user-regex.ts";
import { valeRuleMeta } from "../vale/vale-base.ts";
import { blockText } from "./block-text.ts";
import { caseTokenizer, judgeSentence, judgeTitle, type CaseContext, type VocabEntry, type Verdict } from "./case-styles.ts";

const CASE_KEYWORDS = ["$title", "$sentence", "$lower", "$upper"];

/** Vale's default share of words that must conform (its behaviour before `threshold` existed). */
const DEFAULT_THRESHOLD = 0.8;

/**
 * Vale's `capitalization`: checks that each block of the scope (each heading, for the usual
 * `scope: heading`) is in the case `match` names: `$title` (AP or Chicago `style`), `$sentence`,
 * `$lower`, `$upper`, or a pattern the text must contain. One finding per block, on the whole
 * block; the message's first `%s` is the text, the second the text in the expected case.
 */
export const capitalizationType: ValeRuleType = {
  extends: "capitalization",
  keys: ["match", "style", "exceptions", "indicators", "threshold", "prefix", "vocab"],
  actions: ["replace"],
  compile(def, base, options) {
    const problems: RuleProblem[] = [];
    const name = base.id;
    const match = readString(def, "match", name, problems);
    if (match === undefined || match.trim() === "") {
      if (def["match"] === undefined || match !== undefined) {
        problems.push({
          level: "error",
          path: "match",
          message: `rule ${name} has no 'match'`,
          fix: "add 'match:' with $title, $sentence, $lower, $upper or a pattern",
        });
      }
      return { problems };
    }
    const style = readStyle(def, name, match, problems);
    const indicators = readStringList(def, "indicators", name, problems);
    if (indicators.length > 0 && match !== "$sentence") problems.push(onlyFor(name, "indicators", "$sentence"));
    const threshold = readThreshold(def["threshold"], name, problems);
    // `vocab` switches Vale's project vocabularies on or off; onbrand has none, so it changes nothing.
    readBoolean(def, "vocab", name, problems, true);
    const exceptionList = readStringList(def, "exceptions", name, problems).filter((e) => e.trim() !== "");
    const filter = compileExceptions(exceptionList, name, problems);
    const prefix = optionalPattern(def, "prefix", name, problems);

    let judge: ((check: string) => Verdict) | undefined;
    if (/^\$[A-Za-z]+$/.test(match) && !CASE_KEYWORDS.includes(match)) {
      // A pattern starting with `$` (end of text) followed by letters could never match: a typo.
      const near = didYouMean(match, CASE_KEYWORDS);
      problems.push({
        level: "error",
        path: "match",
        message: `rule ${name}: match '${match}' is not ${CASE_KEYWORDS.join(", ")} or a usable pattern`,
        fix: near ? `did you mean '${near}'?` : `use one of ${CASE_KEYWORDS.join(", ")}, or a pattern`,
      });
    } else if (match === "$title" || match === "$sentence") {
      const ctx = caseContext(exceptionList, filter.excludes, prefix, threshold, name, problems);
      judge = match === "$title" ? (text) => judgeTitle(text, style, ctx) : (text) => judgeSentence(text, indicators, ctx);
    } else if (match === "$lower" || match === "$upper") {
      const upper = match === "$upper";
      judge = (text) => {
        const expected = upper ? text.toUpperCase() : text.toLowerCase();
        return { ok: text === expected || filter.excludes(text), expected };
      };
    } else {
      const compiled = compileUserRegex(match, { ignoreCase: false });
      if (!compiled.ok) problems.push(regexProblem(name, "match", match, compiled));
      else {
        const regex = compiled.regex;
        // As in Vale, the "expected" text of a pattern is the pattern itself.
        judge = (text) => ({ ok: regex.test(text) || filter.excludes(text), expected: match });
      }
    }
    if (judge === undefined || problems.some((p) => p.level === "error")) return { problems };

    const check = judge;
    const keyword = match.startsWith("$");
    const replacements = base.action?.name === "replace" && base.action.params.length > 0 ? base.action.params : null;
    const rule: Rule = {
      meta: valeRuleMeta(base, options.source),
      check(ctx) {
        const reports: Report[] = [];
        for (const block of ctx.blocks()) {
          const text = blockText(ctx.doc, block);
          if (text.check === "") continue;
          const verdict = check(text.check);
          if (verdict.ok) continue;
          const expected = showCode(verdict.expected, text.check, text.display);
          const report: Report = {
            start: block.start,
            end: block.end,
            message: formatMessage(base.message, text.display, expected),
          };
          // A replacement must not drop markup: offer the expected text only for plain blocks.
          if (replacements) report.suggestions = [...replacements];
          else if (keyword && ctx.doc.source.slice(block.start, block.end) === text.display) report.suggestions = [expected];
          reports.push(report);
        }
        emitReports(ctx, reports, base.limit);
      },
    };
    return { rule, problems };
  },
};

function caseContext(
  exceptions: readonly string[],
  excludes: (token: string) => boolean,
  prefix: UserRegex | null,
  threshold: number,
  name: string,
  problems: RuleProblem[],
): CaseContext {
  // Longest first, so a phrase wins over a word it starts with (Vale sorts the same way). Patterns
  // that do not compile were reported by compileExceptions and are left out.
  const vocab: VocabEntry[] = [];
  for (const text of [...exceptions].sort((a, b) => b.length - a.length)) {
    const compiled = compileUserRegex(text, { ignoreCase: false });
    if (compiled.ok) vocab.push({ text, pattern: compiled.regex });
  }
  const sorted = vocab.map((entry) => entry.text);
  let tokenizer: UserRegex | null = null;
  if (sorted.length > 0) {
    const pattern = `(\\b(?:${sorted.join("|")})\\b)|[\\p{N}\\p{L}*]+\\S*`;
    const compiled = compileUserRegex(pattern, { ignoreCase: true });
    if (compiled.ok) tokenizer = compiled.regex;
    else problems.push(regexProblem(name, "exceptions", sorted.join("|"), compiled));
  }
  return { vocab, excludes, tokens: caseTokenizer(tokenizer), prefix, threshold };
}

function readStyle(def: RuleDefinition, name: string, match: string, problems: RuleProblem[]): "AP" | "Chicago" {
  const style = readString(def, "style", name, problems);
  if (style === undefined) return "AP";
  if (match !== "$title") problems.push(onlyFor(name, "style", "$title"));
  if (style === "AP" || style === "Chicago") return style;
  problems.push({
    level: "error",
    path: "style",
    message: `rule ${name}: style '${style}' is not AP or Chicago`,
    fix: "write 'style: AP' or 'style: Chicago' (AP is the default)",
  });
  return "AP";
}

function readThreshold(value: unknown, name: string, problems: RuleProblem[]): number {
  if (value === undefined || value === null) return DEFAULT_THRESHOLD;
  const number = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isFinite(number) || number < 0 || number > 1) {
    problems.push({
      level: "error",
      path: "threshold",
      message: `rule ${name}: 'threshold' must be a number from 0 to 1, got ${JSON.stringify(value)}`,
      fix: "write the share of words that must be in the right case, e.g. 'threshold: 0.8'",
    });
    return DEFAULT_THRESHOLD;
  }
  // Vale reads 0 as "not set": a threshold of 0 would never report anything.
  return number === 0 ? DEFAULT_THRESHOLD : number;
}

function optionalPattern(def: RuleDefinition, key: string, name: string, problems: RuleProblem[]): UserRegex | null {
  const source = readString(def, key, name, problems);
  if (source === undefined || source === "") return null;
  const compiled = compileUserRegex(source, { ignoreCase: false });
  if (compiled.ok) return compiled.regex;
  problems.push(regexProblem(name, key, source, compiled));
  return null;
}

function onlyFor(name: string, key: string, match: string): RuleProblem {
  return {
    level: "warning",
    path: key,
    message: `rule ${name}: '${key}' only applies to 'match: ${match}'; it is ignored`,
    fix: `remove '${key}' or use 'match: ${match}'`,
  };
}

/** Puts inline code back where the judged text had it masked as `*`. */
function showCode(expected: string, check: string, display: string): string {
  if (check === display || expected.length !== check.length) return expected;
  let out = "";
  for (let i = 0; i < expected.length; i++) out += check[i] === "*" && display[i] !== "*" ? display[i] : expected[i];
  return out;
}
