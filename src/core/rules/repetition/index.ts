import type { Report, Rule, RuleProblem } from "../rule.ts";
import { readBoolean, readCount, readStringList } from "../vale/definition-keys.ts";
import { compileExceptions } from "../vale/exceptions.ts";
import { formatMessage } from "../vale/format-message.ts";
import { matchRegions } from "../vale/match-regions.ts";
import { emitReports } from "../vale/report-buffer.ts";
import type { ValeRuleType } from "../vale/rule-type.ts";
import { compileUserRegex, regexProblem, type UserRegex } from "../vale/user-regex.ts";
import { valeRuleMeta } from "../vale/vale-base.ts";

const LETTERS = /^\p{L}+$/u;
/** Case-insensitive, accent-sensitive; one collator, because localeCompare builds one per call. */
const CASE_BLIND = new Intl.Collator(undefined, { sensitivity: "accent" });
/** For ASCII words the collator agrees with lower-casing, so it is only asked about the others. */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * Vale's `repetition`: reports a match of `tokens` that repeats the previous match ("the the"). The
 * finding spans both, the message's `%s` is the repeated text, and a repeat across a sentence
 * break ("It is. Is it?") is not reported. `max` repeats in a row are allowed.
 */
export const repetitionType: ValeRuleType = {
  extends: "repetition",
  keys: ["tokens", "max", "ignorecase", "alpha", "vocab", "exceptions"],
  compile(def, base, options) {
    const problems: RuleProblem[] = [];
    const name = base.id;
    const listed = readStringList(def, "tokens", name, problems);
    const tokens = listed.filter((token) => token.trim() !== "");
    const max = readCount(def, "max", name, problems, 0);
    const ignoreCase = readBoolean(def, "ignorecase", name, problems, false);
    const alpha = readBoolean(def, "alpha", name, problems, false);
    // `vocab` switches Vale's project vocabularies on or off; onbrand has none, so it changes nothing.
    readBoolean(def, "vocab", name, problems, true);
    const exceptions = compileExceptions(readStringList(def, "exceptions", name, problems), name, problems);

    if (tokens.length === 0) {
      problems.push({
        level: "error",
        path: "tokens",
        message: `rule ${name} has no 'tokens' to look for repeats of`,
        fix: "add 'tokens:', e.g. '- '[^\\s.!?]+'' for any word",
      });
      return { problems };
    }
    listed.forEach((token, index) => {
      if (token.trim() === "") return;
      const alone = compileUserRegex(token, { ignoreCase });
      if (!alone.ok) problems.push(regexProblem(name, `tokens.${index}`, token, alone));
    });
    if (problems.some((problem) => problem.level === "error")) return { problems };
    const compiled = compileUserRegex(`(${tokens.join("|")})`, { ignoreCase });
    if (!compiled.ok) {
      problems.push(regexProblem(name, "tokens", tokens.join("|"), compiled));
      return { problems };
    }
    const regex: UserRegex = compiled.regex;
    const rawScope = base.scope.include.includes("raw");
    const same = ignoreCase ? sameIgnoringCase : (a: string, b: string) => a === b;

    const rule: Rule = {
      meta: valeRuleMeta(base, options.source),
      check(ctx) {
        const reports: Report[] = [];
        for (const region of matchRegions(ctx, rawScope)) {
          let previous = "";
          let previousStart = 0;
          let repeats = 0;
          // Offsets only: a match object per word would cost more than the comparison.
          const spans = regex.spans(region.text, region.start, region.end);
          for (let k = 0; k < spans.length; k += 2) {
            const start = spans[k] as number;
            const end = spans[k + 1] as number;
            const current = region.text.slice(start, end).trim();
            const hit = current !== "" && same(current, previous) && (!alpha || LETTERS.test(current));
            repeats = hit ? repeats + 1 : 0;
            if (hit && repeats > max) {
              const span = region.text.slice(previousStart, end);
              if (
                oneSentence(span) &&
                !exceptions.cancels(span, previousStart, end, region)
              ) {
                reports.push({ start: previousStart, end, message: formatMessage(base.message, current) });
                repeats = 0;
              }
            }
            previous = current;
            previousStart = start;
          }
        }
        emitReports(ctx, reports, base.limit);
      },
    };
    return { rule, problems };
  },
};

/**
 * Case-insensitive equality as `toLowerCase`, with the collator for anything beyond printable ASCII
 * (it equates what lower-casing does not). Two printable ASCII words, nearly every pair, are compared
 * here without making lower-case copies.
 */
function sameIgnoringCase(a: string, b: string): boolean {
  if (!printableAscii(a) || !printableAscii(b)) {
    return a.toLowerCase() === b.toLowerCase() || (!(ASCII.test(a) && ASCII.test(b)) && CASE_BLIND.compare(a, b) === 0);
  }
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0x41 && x <= 0x5a) x += 0x20;
    if (y >= 0x41 && y <= 0x5a) y += 0x20;
    if (x !== y) return false;
  }
  return true;
}

function printableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

const sentences = new Intl.Segmenter("en", { granularity: "sentence" });

/** True when `text` does not cross a sentence break; Vale skips repeats that do. */
function oneSentence(text: string): boolean {
  let count = 0;
  // A line break inside a paragraph is a soft wrap, not the end of a sentence.
  for (const part of sentences.segment(text.replace(/\s+/g, " "))) {
    if (part.segment.trim() !== "" && ++count > 1) return false;
  }
  return true;
}
