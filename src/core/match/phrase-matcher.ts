import type { PhraseEntry } from "../rules/rule.ts";
import { inflections } from "./inflect.ts";
import { tokenize, type Token } from "./tokenize.ts";

/**
 * Every phrase of every rule compiled into one word trie. A document is scanned once: at each token
 * the trie is walked as far as the following tokens allow, so the cost of a check depends on the
 * text and the depth of the longest phrase, not on the number of phrases.
 *
 * Keys are lower-cased tokens. A word of an inflecting phrase is keyed by `~base`, and every
 * inflected form of it maps to that key, so "cured" reaches the edge of "cure".
 */
interface TrieNode {
  next: Map<string, TrieNode> | undefined;
  /** Indices into `phrases` of the phrases ending here. */
  ends: number[] | undefined;
}

export interface CompiledPhrase {
  entry: PhraseEntry;
  /** Index of the rule that owns the phrase. */
  owner: number;
  /** The phrase's tokens as written, for the exact-case check. */
  exact: string[];
}

export interface RawHit {
  phrase: number;
  /** Token indices, end exclusive. */
  first: number;
  last: number;
}

const emptyNode = (): TrieNode => ({ next: undefined, ends: undefined });

export class PhraseMatcher {
  readonly phrases: CompiledPhrase[] = [];
  private readonly root: TrieNode = emptyNode();
  /** Inflected form -> the `~base` keys it stands for. */
  private readonly formKeys = new Map<string, string[]>();
  private maxDepth = 0;
  /** Token -> the root edges it takes (its own, then its inflected keys'), made on the first scan. */
  private starts: Map<string, TrieNode[]> | undefined;

  /** Adds a phrase for rule `owner`. Returns false for a phrase with no tokens. */
  add(entry: PhraseEntry, owner: number): boolean {
    const tokens = tokenize(entry.phrase);
    if (tokens.length === 0) return false;
    let node = this.root;
    for (const token of tokens) {
      const key = entry.inflect && token.word ? this.inflectKey(token.lower) : token.lower;
      node.next ??= new Map();
      let child = node.next.get(key);
      if (!child) {
        child = emptyNode();
        node.next.set(key, child);
      }
      node = child;
    }
    (node.ends ??= []).push(this.phrases.length);
    this.starts = undefined;
    this.phrases.push({ entry, owner, exact: tokens.map((t) => entry.phrase.slice(t.start, t.end)) });
    this.maxDepth = Math.max(this.maxDepth, tokens.length);
    return true;
  }

  get size(): number {
    return this.phrases.length;
  }

  private inflectKey(base: string): string {
    const key = `~${base}`;
    for (const form of inflections(base)) {
      const keys = this.formKeys.get(form);
      if (!keys) this.formKeys.set(form, [key]);
      else if (!keys.includes(key)) keys.push(key);
    }
    return key;
  }

  /**
   * All phrase occurrences in `tokens`, including overlapping ones and every length; the caller
   * picks per rule. `source` is the text the tokens came from, used for the exact-case check.
   */
  scan(tokens: readonly Token[], source: string): RawHit[] {
    const hits: RawHit[] = [];
    if (!this.root.next) return hits;
    const starts = (this.starts ??= this.rootSteps());
    const stack: Array<{ node: TrieNode; at: number }> = [];
    for (let i = 0; i < tokens.length; i++) {
      // Most tokens start no phrase: one lookup rules them out.
      const nodes = starts.get((tokens[i] as Token).lower);
      if (!nodes) continue;
      stack.length = 0;
      for (const node of nodes) stack.push({ node, at: i + 1 });
      while (stack.length > 0) {
        const { node, at } = stack.pop() as { node: TrieNode; at: number };
        if (node.ends) for (const phrase of node.ends) {
          if (this.casePasses(phrase, tokens, i, source)) hits.push({ phrase, first: i, last: at });
        }
        const next = node.next;
        const token = tokens[at];
        if (!next || !token) continue;
        const child = next.get(token.lower);
        if (child) stack.push({ node: child, at: at + 1 });
        const keys = this.formKeys.get(token.lower);
        if (keys) for (const key of keys) {
          const inflectedChild = next.get(key);
          if (inflectedChild) stack.push({ node: inflectedChild, at: at + 1 });
        }
      }
    }
    return hits;
  }

  /** For every token that starts a phrase: its own root edge, then those of its inflected keys. */
  private rootSteps(): Map<string, TrieNode[]> {
    const steps = new Map<string, TrieNode[]>();
    const rootNext = this.root.next;
    if (!rootNext) return steps;
    for (const [key, node] of rootNext) steps.set(key, [node]);
    for (const [form, keys] of this.formKeys) {
      for (const key of keys) {
        const node = rootNext.get(key);
        if (!node) continue;
        const list = steps.get(form);
        if (list) list.push(node);
        else steps.set(form, [node]);
      }
    }
    return steps;
  }

  private casePasses(index: number, tokens: readonly Token[], first: number, source: string): boolean {
    const phrase = this.phrases[index] as CompiledPhrase;
    if (!phrase.entry.caseSensitive) return true;
    return phrase.exact.every((word, k) => {
      const token = tokens[first + k] as Token;
      if (token.end - token.start !== word.length) return false;
      return source.startsWith(word, token.start) || source.slice(token.start, token.end).replaceAll("’", "'") === word.replaceAll("’", "'");
    });
  }
}
