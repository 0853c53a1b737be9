import type { WordStats } from "../../text/word-stats.ts";

/** The grade-level formulas Vale's `readability` rules accept, by the names rule files use. */
export const READABILITY_METRICS = ["Gunning Fog", "Coleman-Liau", "Flesch-Kincaid", "SMOG", "Automated Readability"] as const;
export type ReadabilityMetric = (typeof READABILITY_METRICS)[number];

/**
 * One grade-level score of a text, by the published formula (W words, S sentences, Y syllables,
 * C letters and digits, X complex words, P polysyllabic words):
 * - Flesch-Kincaid: 0.39 W/S + 11.8 Y/W - 15.59
 * - Gunning Fog: 0.4 (W/S + 100 X/W)
 * - Coleman-Liau: 0.0588 (100 C/W) - 0.296 (100 S/W) - 15.8
 * - SMOG: 1.0430 sqrt(30 P/S) + 3.1291
 * - Automated Readability: 4.71 C/W + 0.5 W/S - 21.43
 *
 * @example
 * gradeLevel("Flesch-Kincaid", { words: 100, sentences: 5, syllables: 150, ... }) // 9.91
 */
export function gradeLevel(metric: ReadabilityMetric, s: WordStats): number {
  switch (metric) {
    case "Flesch-Kincaid":
      return 0.39 * (s.words / s.sentences) + 11.8 * (s.syllables / s.words) - 15.59;
    case "Gunning Fog":
      return 0.4 * (s.words / s.sentences + 100 * (s.complexWords / s.words));
    case "Coleman-Liau":
      return 0.0588 * ((s.characters / s.words) * 100) - 0.296 * ((s.sentences / s.words) * 100) - 15.8;
    case "SMOG":
      return 1.043 * Math.sqrt((s.polysyllabicWords * 30) / s.sentences) + 3.1291;
    case "Automated Readability":
      return 4.71 * (s.characters / s.words) + 0.5 * (s.words / s.sentences) - 21.43;
  }
}

/** The average grade of `metrics` (each listed once). */
export function averageGrade(metrics: readonly ReadabilityMetric[], stats: WordStats): number {
  let sum = 0;
  for (const metric of metrics) sum += gradeLevel(metric, stats);
  return sum / metrics.length;
}
