import { type Block, type ProseDocument, positionAt } from "../document/prose-document.ts";
import { type Finding, type Level, compareFindings, levelRank } from "../findings.ts";
import type { PhraseMatcher, RawHit } from "../match/phrase-matcher.ts";
import { type Token, tokenize } from "../match/tokenize.ts";
import type { AssetContext, PhraseHit, Report, Rule, RuleContext, ScopeSelector } from "../rules/rule.ts";
import { sentencesIn } from "../text/sentences.ts";
import { isSwitchedOff } from "./controls.ts";
import { blockAt, inScope } from "./scope.ts";

/** What the engine needs of a compiled kit. */
export interface RuleSet {
  rules: readonly Rule[];
  /** The rules that have a `check` of their own. */
  checkers: readonly Rule[];
  matcher: PhraseMatcher;
}

export interface AssetMeta {
  channel: string | null;
  locale: string | null;
}

export interface DocumentsResult {
  findings: Finding[];
  /** Prose words over all documents, for the score. */
  words: number;
}

/**
 * Runs every rule over the documents of one asset and returns its findings in reading order
 * (document order, then line, column, rule), de-duplicated, with in-document controls applied.
 */
export function checkDocuments(
  ruleSet: RuleSet,
  documents: readonly ProseDocument[],
  meta: AssetMeta,
  minLevel: Level = "suggestion",
): DocumentsResult {
  const seen = new Set<string>();
  const asset: AssetContext = {
    channel: meta.channel,
    locale: meta.locale,
    documents: [...documents],
    once: (key) => (seen.has(key) ? false : (seen.add(key), true)),
  };
  const findings: Finding[] = [];
  let words = 0;
  for (const doc of documents) {
    const tokens = tokenize(doc.text);
    words += tokens.words;
    // A loop, not push(...): a 50 MB file can have more findings than the stack has room for arguments.
    for (const finding of checkDocument(ruleSet, doc, tokens, asset, levelRank(minLevel))) findings.push(finding);
  }
  return { findings, words };
}

function checkDocument(
  { rules, matcher, checkers }: RuleSet,
  doc: ProseDocument,
  tokens: readonly Token[],
  asset: AssetContext,
  minRank: number,
): Finding[] {
  const reports: Array<{ rule: Rule; report: Report }> = [];
  const hitsByRule = groupByRule(matcher.scan(tokens, doc.source), matcher);
  const sentenceBlocks = lazy(() => sentencesOf(doc));
  // Rules with the same scope share its blocks: most rules of a kit have one of a few scopes.
  const blocksByScope = new Map<string, Block[]>();
  const blocksOf = (rule: Rule): Block[] => {
    const key = scopeKey(rule.meta.scope);
    let blocks = blocksByScope.get(key);
    if (!blocks) {
      blocks = selectBlocks(rule, doc, sentenceBlocks);
      blocksByScope.set(key, blocks);
    }
    return blocks;
  };

  // One context for every rule in turn (rules run one at a time and keep nothing of it): a kit has
  // dozens of rules and an asset many fields, so a context each would be thousands of objects.
  let rule = checkers[0] as Rule;
  const ctx: RuleContext = {
    doc,
    asset,
    tokens,
    blocks: () => blocksOf(rule),
    report: (report) => reports.push({ rule, report }),
  };

  // Only rules with hits or a check of their own run: 10,000 phrase rules cost nothing when silent.
  for (const [index, raw] of hitsByRule) {
    rule = rules[index] as Rule;
    if (!rule.onPhrases) continue;
    const hits = pickHits(raw, rule, doc, tokens, matcher);
    if (hits.length > 0) rule.onPhrases(hits, ctx);
  }
  for (const checker of checkers) {
    rule = checker;
    rule.check?.(ctx);
  }
  return toFindings(reports, doc, minRank);
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

function sentencesOf(doc: ProseDocument): Block[] {
  const out: Block[] = [];
  for (const block of doc.blocks) {
    for (const s of sentencesIn(doc.text, block.start, block.end)) out.push({ ...block, start: s.start, end: s.end });
  }
  return out;
}

const scopeKeys = new WeakMap<ScopeSelector, string>();

/** One string per scope selector, made once: the key of the blocks it selects. */
function scopeKey(scope: ScopeSelector): string {
  let key = scopeKeys.get(scope);
  if (key === undefined) {
    key = `${scope.include.join(",")}|${scope.exclude.join(",")}`;
    scopeKeys.set(scope, key);
  }
  return key;
}

function selectBlocks(rule: Rule, doc: ProseDocument, sentences: () => Block[]): Block[] {
  const { scope } = rule.meta;
  if (scope.include.includes("raw")) return [{ start: 0, end: doc.source.length, scope: "paragraph" }];
  const source = scope.include.includes("sentence") ? sentences() : doc.blocks;
  return source.filter((b) => inScope(scope, b));
}

function groupByRule(raw: RawHit[], matcher: PhraseMatcher): Map<number, RawHit[]> {
  const byRule = new Map<number, RawHit[]>();
  for (const hit of raw) {
    const owner = (matcher.phrases[hit.phrase] as { owner: number }).owner;
    const list = byRule.get(owner);
    if (list) list.push(hit);
    else byRule.set(owner, [hit]);
  }
  return byRule;
}

/**
 * One rule's hits as a regex alternation scan would give them, but longest-first: leftmost,
 * then longest, never overlapping; only hits inside one prose block of the rule's scope.
 */
function pickHits(
  raw: RawHit[],
  rule: Rule,
  doc: ProseDocument,
  tokens: readonly Token[],
  matcher: PhraseMatcher,
): PhraseHit[] {
  raw.sort((a, b) => a.first - b.first || b.last - a.last);
  const hits: PhraseHit[] = [];
  let until = -1;
  for (const hit of raw) {
    if (hit.first < until) continue;
    const start = (tokens[hit.first] as Token).start;
    const end = (tokens[hit.last - 1] as Token).end;
    const block = blockAt(doc.blocks, start);
    if (block === -1 || end > (doc.blocks[block] as Block).end) continue;
    if (!inScope(rule.meta.scope, doc.blocks[block] as Block)) continue;
    hits.push({ start, end, entry: (matcher.phrases[hit.phrase] as { entry: PhraseHit["entry"] }).entry });
    until = hit.last;
  }
  return hits;
}

function toFindings(reports: Array<{ rule: Rule; report: Report }>, doc: ProseDocument, minRank: number): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const { rule, report } of reports) {
    const level = report.level ?? rule.meta.level;
    if (levelRank(level) < minRank) continue;
    const id = rule.meta.id;
    if (doc.controls.length > 0 && isSwitchedOff(doc.controls, id, report.start)) continue;
    const key = `${id}\u0000${report.start}\u0000${report.end}\u0000${report.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const start = positionAt(doc, report.start);
    const end = positionAt(doc, report.end);
    findings.push({
      rule: id,
      level,
      message: report.message,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      match: doc.source.slice(report.start, report.end),
      field: doc.field,
      suggestions: report.suggestions ?? [],
    });
  }
  return findings.sort(compareFindings);
}
