import type { RuleProblem } from "../rule.ts";
import type { MatchRegion } from "./match-regions.ts";
import { compileUserRegex, regexProblem, type UserRegex } from "./user-regex.ts";

/**
 * Vale's `exceptions`: patterns whose presence in a match cancels the finding. As in Vale, an
 * exception is searched for inside the matched text with word boundaries (`\b(?:...)\b`), is
 * case-sensitive unless it starts with `(?i)`, and an exception with spaces also cancels a match
 * that lies inside that phrase in the surrounding block ("mea" inside an accepted "mea culpa").
 */
export interface ExceptionFilter {
  /** True when some exception is a phrase, so `cancels` needs the match's region. */
  readonly hasPhrases: boolean;
  /** True when the trimmed matched text contains an exception. */
  excludes(observed: string): boolean;
  /**
   * True when the match is cancelled: its trimmed text contains an exception, or `[start, end)`
   * lies inside a multi-word exception found in `region` (the block it came from).
   */
  cancels(observed: string, start: number, end: number, region: MatchRegion | undefined): boolean;
}

const NO_EXCEPTIONS: ExceptionFilter = {
  hasPhrases: false,
  excludes: () => false,
  cancels: () => false,
};

export function compileExceptions(
  exceptions: readonly string[],
  ruleName: string,
  problems: RuleProblem[],
  key = "exceptions",
): ExceptionFilter {
  const usable: string[] = [];
  exceptions.forEach((exception, index) => {
    if (exception.trim() === "") return;
    const alone = compileUserRegex(exception, { ignoreCase: false });
    if (!alone.ok) problems.push(regexProblem(ruleName, `${key}.${index}`, exception, alone));
    else usable.push(exception);
  });
  if (usable.length === 0) return NO_EXCEPTIONS;

  // Longest first so alternation prefers the longer exception, as Vale sorts them.
  const sorted = [...usable].sort((a, b) => b.length - a.length);
  const alternatives = sorted.map((term) => (term.startsWith("(?i)") ? `(?:${term})` : `(?-i:${term})`));
  const all = compileUserRegex(`\\b(?:${alternatives.join("|")})\\b`, { ignoreCase: false, multiline: true });
  const phrases = sorted.filter((term) => /[ \t]|\\s/.test(term));
  const phraseRe = phrases.length > 0 ? compileUserRegex(`\\b(?:${phrases.join("|")})\\b`, { ignoreCase: true }) : null;
  if (!all.ok) {
    problems.push(regexProblem(ruleName, key, alternatives.join("|"), all));
    return NO_EXCEPTIONS;
  }
  const exceptRe: UserRegex = all.regex;
  const phraseRegex = phraseRe?.ok ? phraseRe.regex : null;
  // Phrase spans per block of the document last seen: a rule checks one document at a time.
  const phraseSpans = new Map<string, Array<{ start: number; end: number }>>();
  let spansOf = "";

  return {
    hasPhrases: phraseRegex !== null,
    excludes: (observed) => exceptRe.test(observed.trim()),
    cancels(observed, start, end, region) {
      if (exceptRe.test(observed.trim())) return true;
      if (!phraseRegex || !region) return false;
      if (region.text !== spansOf) {
        phraseSpans.clear();
        spansOf = region.text;
      }
      const key = `${region.start}:${region.end}`;
      let spans = phraseSpans.get(key);
      if (!spans) {
        spans = phraseRegex.findAll(region.text, region.start, region.end);
        phraseSpans.set(key, spans);
      }
      return spans.some((span) => start >= span.start && end <= span.end);
    },
  };
}
