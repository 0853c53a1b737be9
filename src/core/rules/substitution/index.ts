import type { PhraseEntry, Report, Rule, RuleProblem } from "../rule.ts";
import { readBoolean, readStringList, readStringMap } from "../vale/definition-keys.ts";
import { compileExceptions } from "../vale/exceptions.ts";
import { formatMessage } from "../vale/format-message.ts";
import { expandLiteral, isWordBounded } from "../vale/literal-phrases.ts";
import { matchRegions } from "../vale/match-regions.ts";
import { emitReports, reportPhraseHits } from "../vale/report-buffer.ts";
import type { ValeRuleType } from "../vale/rule-type.ts";
import { compileUserRegex, regexProblem, type UserRegex } from "../vale/user-regex.ts";
import { valeRuleMeta, type ValeBase } from "../vale/vale-base.ts";

/**
 * Vale's `substitution`: each `swap` key is a pattern to replace with its value. A value with `|`
 * lists alternatives (`\|` is a literal bar); `$1` in a value is the key's capture group 1. The
 * message takes the replacement first and the matched text second: "Use '%s' instead of '%s'."
 * A match that already reads exactly like one of the replacements is not reported.
 */
export const substitutionType: ValeRuleType = {
  extends: "substitution",
  keys: ["swap", "ignorecase", "nonword", "exceptions", "vocab", "capitalize"],
  actions: ["replace"],
  compile(def, base, options) {
    const problems: RuleProblem[] = [];
    const name = base.id;
    const swap = readStringMap(def, "swap", name, problems).filter(([key]) => key.trim() !== "");
    const ignoreCase = readBoolean(def, "ignorecase", name, problems, false);
    const nonword = readBoolean(def, "nonword", name, problems, false);
    const capitalize = readBoolean(def, "capitalize", name, problems, false);
    // `vocab` switches Vale's project vocabularies on or off; onbrand has none, so it changes nothing.
    readBoolean(def, "vocab", name, problems, true);
    const exceptions = compileExceptions(readStringList(def, "exceptions", name, problems), name, problems);

    if (swap.length === 0) {
      problems.push({
        level: "error",
        path: "swap",
        message: `rule ${name} has no 'swap' entries, so it can never match`,
        fix: "add 'swap:' with 'pattern: replacement' pairs",
      });
      return { problems };
    }

    // Longest key first: in an alternation the first alternative that matches wins, as in Vale.
    const entries = [...swap].sort(([a], [b]) => b.length - a.length);
    const swaps: Swap[] = [];
    for (const [key, value] of entries) {
      // A key that spells out a few phrases is valid by construction; only the others need compiling.
      const phrases = expandLiteral(key);
      if (phrases) {
        swaps.push(new Swap(key, value, phrases, ignoreCase));
        continue;
      }
      const alone = compileUserRegex(key, { ignoreCase });
      if (!alone.ok) problems.push(regexProblem(name, `swap.${key}`, key, alone));
      else swaps.push(new Swap(key, value, null, ignoreCase, alone.regex));
    }
    if (problems.some((problem) => problem.level === "error")) return { problems };

    const meta = valeRuleMeta(base, options.source);
    const rawScope = base.scope.include.includes("raw");
    const resolve = (index: number, observed: string, start: number, end: number): Report | null =>
      substitutionReport(base, swaps[index] as Swap, capitalize, observed, start, end);

    const phrases = !nonword && !rawScope ? literalPhrases(swaps, ignoreCase) : null;
    if (phrases) {
      const rule: Rule = {
        meta,
        phrases,
        onPhrases(hits, ctx) {
          reportPhraseHits(ctx, hits, exceptions, base.limit, (hit, observed) =>
            resolve(hit.entry.data as number, observed, hit.start, hit.end),
          );
        },
      };
      return { rule, problems };
    }

    // Each key is wrapped in one group; its own groups follow it, so record where each key's group is.
    const groupOf: number[] = [];
    let group = 1;
    for (const entry of swaps) {
      groupOf.push(group);
      group += 1 + entry.regex.groupCount;
    }
    const alternation = swaps.map((entry) => `(${entry.key})`).join("|");
    const compiled = compileUserRegex(nonword ? `(?:${alternation})` : `\\b(?:${alternation})\\b`, {
      ignoreCase,
      multiline: true,
    });
    if (!compiled.ok) {
      problems.push(regexProblem(name, "swap", alternation, compiled));
      return { problems };
    }
    const regex: UserRegex = compiled.regex;
    const rule: Rule = {
      meta,
      check(ctx) {
        if (regex.cannotMatchIn(rawScope ? ctx.doc.source : ctx.doc.text)) return;
        const reports: Report[] = [];
        for (const region of matchRegions(ctx, rawScope)) {
          for (const match of regex.findAll(region.text, region.start, region.end)) {
            const index = groupOf.findIndex((g) => match.spans[g] != null);
            const span = match.spans[groupOf[index] ?? 0];
            if (index < 0 || !span || span.end === span.start) continue;
            const observed = region.text.slice(span.start, span.end);
            if (exceptions.cancels(observed, span.start, span.end, region)) continue;
            const made = resolve(index, observed, span.start, span.end);
            if (made) reports.push(made);
          }
        }
        emitReports(ctx, reports, base.limit);
      },
    };
    return { rule, problems };
  },
};

class Swap {
  readonly key: string;
  readonly value: string;
  /** The phrases the key spells out, or null for a real pattern. */
  readonly phrases: string[] | null;
  private readonly ignoreCase: boolean;
  private compiled: UserRegex | undefined;

  constructor(key: string, value: string, phrases: string[] | null, ignoreCase: boolean, regex?: UserRegex) {
    this.key = key;
    this.value = value;
    this.phrases = phrases;
    this.ignoreCase = ignoreCase;
    this.compiled = regex;
  }

  /** The key alone (for `$1` and group counts), compiled on first use: most keys never need it. */
  get regex(): UserRegex {
    if (!this.compiled) {
      const compiled = compileUserRegex(this.key, { ignoreCase: this.ignoreCase });
      // Only keys that compiled alone, or spell out phrases, are ever constructed.
      if (!compiled.ok) throw new Error(`swap key '${this.key}' stopped compiling`);
      this.compiled = compiled.regex;
    }
    return this.compiled;
  }
}

/** The report for one match, or null when the matched text already is one of the replacements. */
function substitutionReport(
  base: ValeBase,
  swap: Swap,
  capitalize: boolean,
  observed: string,
  start: number,
  end: number,
): Report | null {
  // The phrase matcher lets a line break stand between words; compare as if it were a space.
  const written = observed.replace(/\s+/g, " ");
  let options = splitOptions(expandGroups(swap, written));
  if (capitalize && written === capFirst(written)) options = options.map(capFirst);
  if (options.includes(written)) return null;
  const action = base.action?.name === "replace" && base.action.params.length > 0 ? base.action.params : null;
  const suggestions = action ?? options;
  let message = base.message;
  let expected = suggestions[0] ?? "";
  if (suggestions.length > 1) {
    // Vale lists several replacements as "'a' or 'b'" and drops the message's own quotes around them.
    expected = toSentence(suggestions);
    for (const spec of ["'%s'", '"%s"']) {
      if (message.split(spec).length - 1 === 2) {
        message = message.replace(spec, "%s");
        break;
      }
    }
  }
  return { start, end, message: formatMessage(message, expected, observed), suggestions: [...suggestions] };
}

/** `$1`, `${1}` and `${name}` in the value take the key's groups from the matched text; `$$` is `$`. */
function expandGroups(swap: Swap, observed: string): string {
  if (!swap.value.includes("$")) return swap.value;
  const match = swap.regex.findAll(observed)[0];
  if (!match) return swap.value;
  return swap.value.replace(/\$(?:\$|(\d+)|\{(\d+)\})/g, (whole, bare: string | undefined, braced: string | undefined) => {
    if (whole === "$$") return "$";
    return match.groups[Number(bare ?? braced)] ?? "";
  });
}

/** Vale's alternatives: `a|b` is two, `\|` is a literal bar, empty items are dropped. */
export function splitOptions(value: string): string[] {
  const options = value
    .split(/(?<!\\)\|/)
    .map((option) => option.replaceAll("\\|", "|"))
    .filter((option) => option !== "");
  return options.length > 0 ? options : [value];
}

function capFirst(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const char = String.fromCodePoint(first);
  return char.toUpperCase() + text.slice(char.length);
}

function toSentence(words: readonly string[]): string {
  const quoted = words.map((word) => `'${word}'`);
  if (quoted.length === 2) return `${quoted[0]} or ${quoted[1]}`;
  return `${quoted.slice(0, -1).join(", ")}, or ${quoted[quoted.length - 1]}`;
}

function literalPhrases(swaps: readonly Swap[], ignoreCase: boolean): PhraseEntry[] | null {
  const entries: PhraseEntry[] = [];
  const seen = new Set<string>();
  for (const [index, swap] of swaps.entries()) {
    const expanded = swap.phrases;
    if (!expanded || !isWordBounded(expanded)) return null;
    for (const phrase of expanded) {
      const key = ignoreCase ? phrase.toLowerCase() : phrase;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push(ignoreCase ? { phrase, data: index } : { phrase, caseSensitive: true, data: index });
    }
  }
  return entries;
}
