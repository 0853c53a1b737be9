import type { Block, ProseDocument } from "../document/prose-document.ts";
import type { Level } from "../findings.ts";
import type { Token } from "../match/tokenize.ts";

/**
 * Where a rule applies, with Vale's scope names: `text` (all prose), `paragraph`, `heading`,
 * `heading.h1`..`heading.h6`, `list`, `blockquote`, `table`, `table.header`, `table.cell`, `alt`,
 * `title`, `summary` (paragraphs), `sentence` (every sentence of the prose) and `raw` (the source
 * as written, markup included). A `~` prefix excludes a scope.
 */
export interface ScopeSelector {
  include: string[];
  exclude: string[];
}

export const SCOPE_NAMES = [
  "text",
  "paragraph",
  "heading",
  "heading.h1",
  "heading.h2",
  "heading.h3",
  "heading.h4",
  "heading.h5",
  "heading.h6",
  "list",
  "blockquote",
  "table",
  "table.header",
  "table.cell",
  "alt",
  "title",
  "summary",
  "sentence",
  "raw",
] as const;

/** Where a rule came from, for error messages and SARIF. */
export interface SourcePlace {
  file: string;
  line: number;
  column: number;
}

export interface RuleMeta {
  /** `Brand.Avoid`, `Brand.Claims.health`, `Fizzwell.Exclamation`, ... */
  id: string;
  /** Rule type: `existence`, `substitution`, ..., or `brand.names` etc. for kit-derived rules. */
  type: string;
  level: Level;
  /** One line saying what the rule checks (for SARIF and `--help` style listings). */
  description: string;
  link?: string;
  scope: ScopeSelector;
  source?: SourcePlace;
}

/** A phrase given to the shared matcher. All phrases of all rules compile into one matcher. */
export interface PhraseEntry {
  /** The phrase as written: words, numbers and punctuation; whitespace between tokens is flexible. */
  phrase: string;
  /** Match inflections of each word: "cure" also matches cures, cured, curing. */
  inflect?: boolean;
  /** After the case-insensitive lookup, keep the hit only if the source has exactly this case. */
  caseSensitive?: boolean;
  /** Rule-private value handed back with each hit (a suggestion, a claim id, ...). */
  data?: unknown;
}

export interface PhraseHit {
  /** Offsets into the document, end exclusive. */
  start: number;
  end: number;
  entry: PhraseEntry;
}

/** A finding before it has a line and column: offsets into the document being checked. */
export interface Report {
  start: number;
  end: number;
  message: string;
  suggestions?: string[];
  /** Overrides the rule's level for this report. */
  level?: Level;
}

/** What an asset with several documents (a structured asset's fields) shares across them. */
export interface AssetContext {
  /** Channel id from the asset or `--channel`, if any. */
  channel: string | null;
  locale: string | null;
  /** Every document of the asset, in field order. */
  documents: ProseDocument[];
  /** True the first time `key` is seen in this asset; lets a rule report once per asset. */
  once(key: string): boolean;
}

export interface RuleContext {
  doc: ProseDocument;
  asset: AssetContext;
  /** Word and punctuation tokens of `doc.text` (shared by every rule). */
  tokens: readonly Token[];
  /** The prose blocks this rule's scope selects (for `sentence`, one block per sentence). */
  blocks(): readonly Block[];
  report(report: Report): void;
}

/**
 * A compiled rule: metadata plus a small function. Phrase-like rules hand their phrases to the
 * shared matcher and receive the hits in their scope (`onPhrases`); other rules look at the
 * document themselves (`check`). A rule may do both.
 */
export interface Rule {
  meta: RuleMeta;
  phrases?: readonly PhraseEntry[];
  /** Hits of this rule's phrases in one document, in scope and in source order. */
  onPhrases?(hits: readonly PhraseHit[], ctx: RuleContext): void;
  check?(ctx: RuleContext): void;
}

/** A kit or rule file problem found while compiling a rule. */
export interface RuleProblem {
  level: "error" | "warning";
  /** Dotted path of the key in the rule file (`tokens.2`, `swap.colour`), or "" for the file. */
  path: string;
  message: string;
  fix?: string;
}
