import type { Block } from "../../document/prose-document.ts";
import type { RuleContext } from "../rule.ts";

/** A stretch of text a Vale pattern runs over on its own; offsets are document offsets. */
export interface MatchRegion {
  /** The whole text the offsets index: the prose view, or the source for `raw`. */
  text: string;
  start: number;
  end: number;
}

/**
 * Where a Vale rule's patterns run: each block of the rule's scope in the prose view (Vale matches
 * block by block, so a match never spans two blocks), or the whole source, markup included, for
 * `scope: raw`.
 */
export function matchRegions(ctx: RuleContext, raw: boolean): readonly MatchRegion[] {
  if (raw) return [{ text: ctx.doc.source, start: 0, end: ctx.doc.source.length }];
  // Rules of one scope get the same blocks from the engine, and so share their regions.
  const blocks = ctx.blocks();
  const text = ctx.doc.text;
  const known = regionsOf.get(blocks);
  if (known?.text === text) return known.regions;
  const regions = blocks.map((block) => ({ text, start: block.start, end: block.end }));
  regionsOf.set(blocks, { text, regions });
  return regions;
}

const regionsOf = new WeakMap<readonly Block[], { text: string; regions: readonly MatchRegion[] }>();

/** The region that contains `offset`; regions are in source order and do not overlap. */
export function regionOf(regions: readonly MatchRegion[], offset: number): MatchRegion | undefined {
  let lo = 0;
  let hi = regions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const region = regions[mid] as MatchRegion;
    if (offset < region.start) hi = mid - 1;
    else if (offset >= region.end) lo = mid + 1;
    else return region;
  }
  return undefined;
}
