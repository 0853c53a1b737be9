import type { Report, Rule, RuleProblem } from "../rule.ts";
import { readBoolean, readString, readStringList } from "../vale/definition-keys.ts";
import { compileExceptions } from "../vale/exceptions.ts";
import { formatMessage } from "../vale/format-message.ts";
import { matchRegions } from "../vale/match-regions.ts";
import { emitReports } from "../vale/report-buffer.ts";
import type { ValeRuleType } from "../vale/rule-type.ts";
import { compileUserRegex, regexProblem, type UserRegex } from "../vale/user-regex.ts";
import { valeRuleMeta } from "../vale/vale-base.ts";

/**
 * Vale's `conditional`: "if `first` appears, `second` must too". When `second` has a capture
 * group, each `first` match must have been captured by a `second` match (an acronym defined as
 * `World Health Organization (WHO)`); blocks are read in order, so a definition counts for its own
 * block and every later one. When `second` has no group, a block with a `first` match must also
 * match `second` anywhere. Every `first` match that fails is reported, unless an exception
 * matches it; the message's `%s` is the match.
 */
export const conditionalType: ValeRuleType = {
  extends: "conditional",
  keys: ["first", "second", "exceptions", "ignorecase", "vocab"],
  compile(def, base, options) {
    const problems: RuleProblem[] = [];
    const name = base.id;
    const ignoreCase = readBoolean(def, "ignorecase", name, problems, false);
    // `vocab` switches Vale's project vocabularies on or off; onbrand has none, so it changes nothing.
    readBoolean(def, "vocab", name, problems, true);
    const exceptions = compileExceptions(readStringList(def, "exceptions", name, problems), name, problems);
    const first = pattern(def, "first", name, ignoreCase, problems);
    const second = pattern(def, "second", name, ignoreCase, problems);
    if (!first || !second) return { problems };

    const rawScope = base.scope.include.includes("raw");
    const definitions = second.groupCount > 0;
    // Defined terms compare exactly, or case-insensitively under `ignorecase`.
    const key = ignoreCase ? (term: string) => term.toLowerCase() : (term: string) => term;
    const rule: Rule = {
      meta: valeRuleMeta(base, options.source),
      check(ctx) {
        // Only `first` matches are reported: a document where it cannot match has nothing to say.
        if (first.cannotMatchIn(rawScope ? ctx.doc.source : ctx.doc.text)) return;
        const reports: Report[] = [];
        const defined = new Set<string>();
        for (const region of matchRegions(ctx, rawScope)) {
          if (definitions) {
            for (const match of second.findAll(region.text, region.start, region.end)) {
              for (let g = 1; g < match.groups.length; g++) if (match.groups[g]) defined.add(key(match.groups[g] as string));
            }
          } else if (second.findAll(region.text, region.start, region.end).length > 0) continue;
          for (const match of first.findAll(region.text, region.start, region.end)) {
            const observed = match.groups[0] ?? "";
            if (definitions && defined.has(key(observed))) continue;
            if (exceptions.cancels(observed, match.start, match.end, region)) continue;
            reports.push({ start: match.start, end: match.end, message: formatMessage(base.message, observed) });
          }
        }
        emitReports(ctx, reports, base.limit);
      },
    };
    return { rule, problems };
  },
};

function pattern(
  def: Record<string, unknown>,
  key: "first" | "second",
  name: string,
  ignoreCase: boolean,
  problems: RuleProblem[],
): UserRegex | undefined {
  const source = readString(def, key, name, problems);
  if (source === undefined || source === "") {
    if (def[key] === undefined || source === "") {
      problems.push({
        level: "error",
        path: key,
        message: `rule ${name} has no '${key}' pattern`,
        fix:
          key === "first"
            ? "add 'first:' with the pattern that needs a definition, e.g. '\\b([A-Z]{3,5})\\b'"
            : "add 'second:' with the pattern that defines it, e.g. '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'",
      });
    }
    return undefined;
  }
  const compiled = compileUserRegex(source, { ignoreCase });
  if (!compiled.ok) {
    problems.push(regexProblem(name, key, source, compiled));
    return undefined;
  }
  return compiled.regex;
}
