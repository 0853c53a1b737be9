import type { Report, Rule, RuleProblem } from "../rule.ts";
import { readBoolean, readCount, readString } from "../vale/definition-keys.ts";
import { formatMessage } from "../vale/format-message.ts";
import { matchRegions } from "../vale/match-regions.ts";
import { emitReports } from "../vale/report-buffer.ts";
import type { ValeRuleType } from "../vale/rule-type.ts";
import { compileUserRegex, regexProblem, type UserRegex } from "../vale/user-regex.ts";
import { valeRuleMeta } from "../vale/vale-base.ts";

/**
 * Vale's `occurrence`: counts the matches of `token` in each block of the scope (each sentence for
 * `scope: sentence`) and reports a block with more than `max` or fewer than `min`. As in Vale the
 * finding sits on the block's first match (on the whole block when there is none) and the
 * message's `%s` or `%d` is the count.
 */
export const occurrenceType: ValeRuleType = {
  extends: "occurrence",
  keys: ["token", "max", "min", "ignorecase"],
  compile(def, base, options) {
    const problems: RuleProblem[] = [];
    const name = base.id;
    const token = readString(def, "token", name, problems);
    const max = readCount(def, "max", name, problems, 0);
    const min = readCount(def, "min", name, problems, 0);
    const ignoreCase = readBoolean(def, "ignorecase", name, problems, false);

    if (token === undefined || token === "") {
      if (def["token"] === undefined || token === "") {
        problems.push({
          level: "error",
          path: "token",
          message: `rule ${name} has no 'token' to count`,
          fix: "add 'token:' with the word or pattern to count",
        });
      }
      return { problems };
    }
    const compiled = compileUserRegex(token, { ignoreCase });
    if (!compiled.ok) {
      problems.push(regexProblem(name, "token", token, compiled));
      return { problems };
    }
    if (max === 0 && min === 0) {
      problems.push({
        level: "warning",
        path: "max",
        message: `rule ${name} sets neither 'max' nor 'min' (0 means unset), so it can never report; it is skipped`,
        fix: "add 'max:' or 'min:' with a count of 1 or more",
      });
      return { problems };
    }
    const regex: UserRegex = compiled.regex;
    const rawScope = base.scope.include.includes("raw");
    const rule: Rule = {
      meta: valeRuleMeta(base, options.source),
      check(ctx) {
        // With no `min`, a block without matches is fine: so is a document where none can be.
        if (min === 0 && regex.cannotMatchIn(rawScope ? ctx.doc.source : ctx.doc.text)) return;
        const reports: Report[] = [];
        for (const region of matchRegions(ctx, rawScope)) {
          // Counted first: the matches themselves are needed only for a block that is reported.
          const count = regex.count(region.text, region.start, region.end);
          if (!((max > 0 && count > max) || (min > 0 && count < min))) continue;
          const message = formatMessage(base.message, count);
          if (count === 0) {
            reports.push({ start: region.start, end: region.end, message });
            continue;
          }
          // Whitespace-only matches do not count toward the place to report, as in Vale.
          const first = regex.findAll(region.text, region.start, region.end).find((match) => (match.groups[0] ?? "").trim() !== "");
          if (first) reports.push({ start: first.start, end: first.end, message });
        }
        emitReports(ctx, reports, base.limit);
      },
    };
    return { rule, problems };
  },
};
