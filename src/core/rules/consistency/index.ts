import type { Report, Rule, RuleProblem } from "../rule.ts";
import { readBoolean, readStringMap } from "../vale/definition-keys.ts";
import { formatMessage } from "../vale/format-message.ts";
import { matchRegions } from "../vale/match-regions.ts";
import { emitReports } from "../vale/report-buffer.ts";
import type { ValeRuleType } from "../vale/rule-type.ts";
import { compileUserRegex, regexProblem, type UserRegex } from "../vale/user-regex.ts";
import { valeRuleMeta } from "../vale/vale-base.ts";

/**
 * Vale's `consistency`: each `either` pair (`advisor: adviser`) names two spellings of which a
 * document should use one. When both appear, the one used first wins and every occurrence of the
 * other is reported; the message's `%s` is the matched text.
 */
export const consistencyType: ValeRuleType = {
  extends: "consistency",
  keys: ["either", "ignorecase", "nonword"],
  compile(def, base, options) {
    const problems: RuleProblem[] = [];
    const name = base.id;
    const either = readStringMap(def, "either", name, problems);
    const ignoreCase = readBoolean(def, "ignorecase", name, problems, false);
    const nonword = readBoolean(def, "nonword", name, problems, false);

    if (either.length === 0 && !problems.some((problem) => problem.path.startsWith("either"))) {
      problems.push({
        level: "error",
        path: "either",
        message: `rule ${name} has no 'either' pairs`,
        fix: "add 'either:' with 'one: other' pairs, e.g. 'advisor: adviser'",
      });
      return { problems };
    }
    const pairs: UserRegex[] = [];
    for (const [first, second] of either) {
      for (const [pattern, path] of [[first, `either.${first}`], [second, `either.${first}`]] as const) {
        const alone = compileUserRegex(pattern, { ignoreCase });
        if (!alone.ok) problems.push(regexProblem(name, path, pattern, alone));
      }
      const alternation = `(${first})|(${second})`;
      const compiled = compileUserRegex(nonword ? `(?:${alternation})` : `\\b(?:${alternation})\\b`, {
        ignoreCase,
        multiline: true,
      });
      if (compiled.ok) pairs.push(compiled.regex);
    }
    if (problems.some((problem) => problem.level === "error")) return { problems };

    const rawScope = base.scope.include.includes("raw");
    const rule: Rule = {
      meta: valeRuleMeta(base, options.source),
      check(ctx) {
        const text = rawScope ? ctx.doc.source : ctx.doc.text;
        const possible = pairs.filter((regex) => !regex.cannotMatchIn(text));
        if (possible.length === 0) return;
        const reports: Report[] = [];
        const regions = matchRegions(ctx, rawScope);
        for (const regex of possible) {
          // Group 1 wraps the first spelling, so a match without it is the second spelling.
          const found: Array<{ start: number; end: number; second: boolean; text: string }> = [];
          for (const region of regions) {
            for (const match of regex.findAll(region.text, region.start, region.end)) {
              found.push({ start: match.start, end: match.end, second: match.spans[1] == null, text: match.groups[0] ?? "" });
            }
          }
          const firstUsed = found[0];
          if (!firstUsed || found.every((match) => match.second === firstUsed.second)) continue;
          for (const match of found) {
            if (match.second !== firstUsed.second) {
              reports.push({ start: match.start, end: match.end, message: formatMessage(base.message, match.text) });
            }
          }
        }
        emitReports(ctx, reports, base.limit);
      },
    };
    return { rule, problems };
  },
};
