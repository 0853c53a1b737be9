import type { PhraseEntry, Report, Rule, RuleProblem } from "../rule.ts";
import { readBoolean, readStringList } from "../vale/definition-keys.ts";
import { compileExceptions } from "../vale/exceptions.ts";
import { formatMessage } from "../vale/format-message.ts";
import { expandLiteral, isWordBounded } from "../vale/literal-phrases.ts";
import { matchRegions } from "../vale/match-regions.ts";
import { emitReports, reportPhraseHits } from "../vale/report-buffer.ts";
import type { ValeRuleType } from "../vale/rule-type.ts";
import { compileUserRegex, regexProblem, type UserRegex } from "../vale/user-regex.ts";
import { valeRuleMeta, type ValeBase } from "../vale/vale-base.ts";

/**
 * Vale's `existence`: reports every match of `tokens` (word-bounded alternatives) or of `raw`
 * (pieces joined into one pattern). The message's `%s` is the matched text.
 *
 * Tokens that are words or phrases (or expand to a few, like `colou?r`) go to the shared phrase
 * matcher; any other token makes the rule match with its pattern, block by block, in RE2.
 */
export const existenceType: ValeRuleType = {
  extends: "existence",
  keys: ["tokens", "raw", "ignorecase", "nonword", "append", "exceptions", "vocab"],
  actions: ["replace", "remove"],
  compile(def, base, options) {
    const problems: RuleProblem[] = [];
    const name = base.id;
    const listed = readStringList(def, "tokens", name, problems);
    const tokens = listed.filter((token) => token.trim() !== "");
    const raw = readStringList(def, "raw", name, problems);
    const ignoreCase = readBoolean(def, "ignorecase", name, problems, false);
    const nonword = readBoolean(def, "nonword", name, problems, false);
    const append = readBoolean(def, "append", name, problems, false);
    // `vocab` switches Vale's project vocabularies on or off; onbrand has none, so it changes nothing.
    readBoolean(def, "vocab", name, problems, true);
    const exceptions = compileExceptions(readStringList(def, "exceptions", name, problems), name, problems);

    if (tokens.length === 0 && raw.join("") === "") {
      problems.push({
        level: "error",
        path: "tokens",
        message: `rule ${name} has no 'tokens' and no 'raw', so it can never match`,
        fix: "add 'tokens:' with the words or patterns to report",
      });
      return { problems };
    }

    // A token that spells out a few phrases is valid by construction; only the others need compiling.
    const expansions = new Map<string, string[] | null>();
    listed.forEach((token, index) => {
      if (token.trim() === "") return;
      const expanded = expandLiteral(token);
      expansions.set(token, expanded);
      if (expanded) return;
      const alone = compileUserRegex(token, { ignoreCase });
      if (!alone.ok) problems.push(regexProblem(name, `tokens.${index}`, token, alone));
    });
    if (problems.some((problem) => problem.level === "error")) return { problems };

    const meta = valeRuleMeta(base, options.source);
    const suggestions = actionSuggestions(base);
    const rawScope = base.scope.include.includes("raw");

    const phrases = raw.length === 0 && !nonword && !rawScope ? literalPhrases(tokens, expansions, ignoreCase) : null;
    if (phrases) {
      const rule: Rule = {
        meta,
        phrases,
        onPhrases(hits, ctx) {
          reportPhraseHits(ctx, hits, exceptions, base.limit, (hit, observed) =>
            existenceReport(base, hit.start, hit.end, observed, suggestions),
          );
        },
      };
      return { rule, problems };
    }

    const word = !nonword && tokens.length > 0;
    // Longest token first, so overlapping tokens ("new", "new york") match as the phrase path does.
    const alternation = [...tokens].sort((a, b) => b.length - a.length).join("|");
    const group = word ? `\\b(?:${alternation})\\b` : `(?:${alternation})`;
    const rawPattern = raw.join("");
    const pattern = append ? group + rawPattern : rawPattern + group;
    const compiled = compileUserRegex(pattern, { ignoreCase, multiline: true });
    if (!compiled.ok) {
      problems.push(rawProblem(name, raw, append ? group.length : 0, compiled));
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
            const observed = match.groups[0] ?? "";
            if (exceptions.cancels(observed, match.start, match.end, region)) continue;
            reports.push(existenceReport(base, match.start, match.end, observed, suggestions));
          }
        }
        emitReports(ctx, reports, base.limit);
      },
    };
    return { rule, problems };
  },
};

function existenceReport(
  base: ValeBase,
  start: number,
  end: number,
  observed: string,
  suggestions: string[] | null,
): Report {
  const out: Report = { start, end, message: formatMessage(base.message, observed) };
  if (suggestions) out.suggestions = suggestions;
  return out;
}

/** Vale's `replace` action lists the replacements; `remove` means delete the match. */
export function actionSuggestions(base: ValeBase): string[] | null {
  if (base.action?.name === "replace" && base.action.params.length > 0) return [...base.action.params];
  if (base.action?.name === "remove") return [""];
  return null;
}

/** Phrase entries for the matcher when every token expands to a few whole-word phrases. */
function literalPhrases(
  tokens: readonly string[],
  expansions: ReadonlyMap<string, string[] | null>,
  ignoreCase: boolean,
): PhraseEntry[] | null {
  const entries: PhraseEntry[] = [];
  const seen = new Set<string>();
  for (const token of tokens) {
    const expanded = expansions.get(token);
    if (!expanded || !isWordBounded(expanded)) return null;
    for (const phrase of expanded) {
      const key = ignoreCase ? phrase.toLowerCase() : phrase;
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push(ignoreCase ? { phrase } : { phrase, caseSensitive: true });
    }
  }
  return entries;
}

/** Points a `raw` pattern error at the `raw` item and the position inside it. */
function rawProblem(
  name: string,
  raw: readonly string[],
  offset: number,
  failure: Extract<ReturnType<typeof compileUserRegex>, { ok: false }>,
): RuleProblem {
  let index = failure.index - offset;
  for (let item = 0; item < raw.length; item++) {
    const piece = raw[item] as string;
    if (index >= 0 && index < piece.length) return regexProblem(name, `raw.${item}`, piece, { ...failure, index });
    index -= piece.length;
  }
  return regexProblem(name, "raw", raw.join(""), failure);
}
