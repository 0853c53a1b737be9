import { wordUnits } from "../channels/counting.ts";
import type { Kit } from "../engine/load-kit.ts";
import { validateBrief } from "../library/brief.ts";
import type { Brief, Target, UseCase } from "../library/library.ts";
import { countRange, type ResolvedField, resolveOutputFields } from "../library/output-fields.ts";
import { EXPECT_PASS, inputType, type Output, type OutputValue } from "../library/usecase-schema.ts";
import { splitSentences } from "../text/sentences.ts";
import { fitText } from "./fit-text.ts";

export interface TemplateOptions {
  /** An approved master asset: fields of the same name take its value, other single texts its sentences. */
  master?: Output | null;
  /** 0, 1, 2...: picks another example to start from and rotates list items, so variants differ. */
  variant?: number;
}

/** A good output the library vouches for (an example or a passing test), with the brief and target it answers. */
interface Source {
  brief: Brief;
  output: Output;
  audience: string | null;
  region: string | null;
  channel: string | null;
}

/** How one source's wording becomes the brief's: exact value swaps, and sentences that restate a changed text value. */
interface Rewrite {
  /** Old value to new (formatted) value; "" removes the old value. Longest first. */
  swaps: [string, string][];
  /** A text value the source's output restates rather than quotes: its words, and the value to put in its place. */
  restated: { words: Set<string>; value: string }[];
  /** Words that name the source's other enum choice ("zero" when the brief is about Fizzwell Original): their sentences go. */
  foreign: Set<string>;
}

/** A sentence restates a value when this share of its words occurs in the value. */
const RESTATED_SHARE = 0.6;

/**
 * The `template` provider: writes a use case's output with no model, offline and deterministically,
 * so the pipeline can run without a key and tests have real outputs to check. It starts from the
 * library's own good outputs (examples, then passing tests), picking the one whose brief and target
 * are closest to this one, and swaps in the brief's values where the old brief's values appear. Each
 * text is then fitted to its limit on the target's channel at a sentence boundary, else after a
 * word, keeping the kit's disclaimers. It adds no claim of its own: every sentence comes from the
 * library, the brief, the master or the kit's product names.
 *
 * @example
 * const { target } = resolveTarget(kit, rsa, { region: "west" });
 * const output = generateFromTemplate(kit, rsa, brief, target, { variant: 1 });
 * (output.headlines as string[]).length // 15
 */
export function generateFromTemplate(kit: Kit, useCase: UseCase, brief: Brief, target: Target, options: TemplateOptions = {}): Output {
  const variant = Math.max(0, Math.trunc(options.variant ?? 0));
  const locale = target.region?.locale ?? kit.brand.locale ?? null;
  const fields = resolveOutputFields(kit.channels, useCase.output.fields, target.channel?.id ?? null);
  const ranked = rankSources(useCase, sourcesOf(useCase), brief, target);
  const rewritten = ranked.map((source) => rewriteOutput(source.output, rewriteFor(kit, useCase, source, brief, target, locale)));
  const writer = new FieldWriter({
    locale,
    keep: kit.brand.disclaimers.map((d) => d.require.trim()),
    pool: poolOf(useCase, brief, kit, locale),
    rotation: variant,
  });
  const chosen = rewritten.length > 0 ? variant % rewritten.length : 0;
  const primary = rewritten[chosen] ?? {};
  const others = rewritten.filter((_, i) => i !== chosen);
  const master = options.master ?? null;
  return writer.group(fields, master ? withMaster(fields, primary, master) : primary, others);
}

function sourcesOf(useCase: UseCase): Source[] {
  const entries = [...useCase.examples, ...useCase.tests.filter((t) => t.expect === EXPECT_PASS)];
  return entries.map((entry) => ({
    brief: validateBrief(useCase, entry.brief).brief ?? {},
    output: entry.output,
    audience: entry.audience ?? null,
    region: entry.region ?? null,
    channel: entry.channel ?? null,
  }));
}

/**
 * Sources closest to the brief first. A source whose copy names another choice of an enum input
 * (another product) is only used when every source does: its facts belong to that choice.
 */
function rankSources(useCase: UseCase, sources: readonly Source[], brief: Brief, target: Target): Source[] {
  const enums = useCase.inputs.filter((i) => inputType(i) === "enum").map((i) => i.name);
  const conflicts = (s: Source): number => {
    const copy = textsOf(s.output).join("\n");
    return enums.filter((name) => {
      const value = s.brief[name];
      return typeof value === "string" && brief[name] !== undefined && value !== brief[name] && containsValue(copy, value);
    }).length;
  };
  const fewest = Math.min(...sources.map(conflicts));
  const pool = sources.filter((s) => conflicts(s) === fewest);
  const score = (s: Source): number => {
    let points = 0;
    for (const input of useCase.inputs) if (sameValue(s.brief[input.name], brief[input.name])) points += 2;
    if (s.audience === (target.audience?.id ?? null)) points++;
    if (s.region === (target.region?.id ?? null)) points++;
    if (s.channel === null || s.channel === (target.channel?.id ?? null)) points++;
    return points;
  };
  return pool.map((source, i) => ({ source, i, points: score(source) })).sort((a, b) => b.points - a.points || a.i - b.i).map((e) => e.source);
}

function sameValue(a: Brief[string] | undefined, b: Brief[string] | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => item === b[i]);
  return a === b;
}

function rewriteFor(kit: Kit, useCase: UseCase, source: Source, brief: Brief, target: Target, locale: string | null): Rewrite {
  const swaps: [string, string][] = [];
  const restated: Rewrite["restated"] = [];
  const foreign = new Set<string>();
  const brandWords = new Set(wordsOf(kit.brand.name ?? kit.name, locale));
  const texts = textsOf(source.output).join("\n");
  for (const input of useCase.inputs) {
    const before = source.brief[input.name];
    const after = brief[input.name];
    if (sameValue(before, after)) continue;
    if (Array.isArray(before)) {
      before.forEach((item, i) => swaps.push([item, Array.isArray(after) ? formatValue(after[i], locale) : ""]));
      continue;
    }
    if (typeof before !== "string" || before.trim() === "") continue;
    const value = formatValue(after, locale);
    if (inputType(input) === "text" && !containsValue(texts, before)) restated.push({ words: new Set(wordsOf(before, locale)), value });
    else swaps.push([before, value]);
    if (inputType(input) === "enum" && containsValue(texts, before)) {
      const kept = new Set([...wordsOf(value, locale), ...brandWords]);
      for (const word of wordsOf(before, locale)) if (!kept.has(word)) foreign.add(word);
    }
  }
  // An audience or region name in the source's copy is a slot: it takes the target's name, nothing more.
  const audience = kit.brand.audiences.find((a) => a.id === source.audience);
  if (audience?.name && target.audience && audience.name !== target.audience.name) swaps.push([audience.name, target.audience.name]);
  const region = kit.brand.regions.find((r) => r.id === source.region);
  if (region?.name && target.region && region.name !== target.region.name) swaps.push([region.name, target.region.name]);
  swaps.push(["{{audience}}", target.audience?.name ?? ""], ["{{region}}", target.region?.name ?? ""], ["{{channel}}", target.channel?.name ?? ""]);
  return { swaps: swaps.filter(([from, to]) => from.trim() !== "" && from !== to).sort((a, b) => b[0].length - a[0].length), restated, foreign };
}

/** A brief value as copy: numbers, ISO dates and lists in the locale's style; booleans say nothing. */
export function formatValue(value: Brief[string] | undefined, locale: string | null): string {
  const tag = locale ?? undefined;
  try {
    if (typeof value === "number") return new Intl.NumberFormat(tag).format(value);
    if (Array.isArray(value)) return new Intl.ListFormat(tag, { type: "conjunction" }).format(value);
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      const date = new Date(`${value}T00:00:00Z`);
      if (!Number.isNaN(date.getTime())) return new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: "UTC" }).format(date);
    }
  } catch {
    // A malformed locale tag must not stop generation: fall through to the value as written.
  }
  if (typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.join(", ");
  return typeof value === "string" ? value : "";
}

function rewriteOutput(output: Output, rewrite: Rewrite): Output {
  const out: Output = {};
  for (const [key, value] of Object.entries(output)) out[key] = rewriteValue(value, rewrite);
  return out;
}

function rewriteValue(value: OutputValue, rewrite: Rewrite): OutputValue {
  if (typeof value === "string") return rewriteText(value, rewrite);
  if (Array.isArray(value)) return value.map((item) => rewriteValue(item, rewrite));
  if (typeof value === "object" && value !== null) return rewriteOutput(value, rewrite);
  return value;
}

function rewriteText(text: string, rewrite: Rewrite): string {
  let out = dropSentences(swapValues(text, rewrite.swaps), (sentence) => wordsOf(sentence, null).some((w) => rewrite.foreign.has(w)));
  for (const { words, value } of rewrite.restated) out = replaceRestated(out, words, value);
  return tidy(out);
}

/** Every old value (whole words, any case) becomes its new one; a Title Case match stays Title Case. */
function swapValues(text: string, swaps: readonly [string, string][]): string {
  if (swaps.length === 0) return text;
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${swaps.map(([from]) => escapeRegExp(from)).join("|")})(?![\\p{L}\\p{N}])`, "giu");
  return text.replace(pattern, (match) => {
    const to = swaps.find(([from]) => from.toLowerCase() === match.toLowerCase())?.[1] ?? match;
    return isTitleCase(match) && !isTitleCase(to) ? titleCase(to) : to;
  });
}

function dropSentences(text: string, drop: (sentence: string) => boolean): string {
  let out = "";
  let at = 0;
  for (const span of splitSentences(text)) {
    if (!drop(text.slice(span.start, span.end))) continue;
    out += text.slice(at, span.start);
    at = span.end;
  }
  return out + text.slice(at);
}

/** The first sentence that restates the old value becomes the new value; later ones go. */
function replaceRestated(text: string, words: ReadonlySet<string>, value: string): string {
  let out = "";
  let at = 0;
  let replaced = false;
  for (const span of splitSentences(text)) {
    const sentence = text.slice(span.start, span.end);
    const own = wordsOf(sentence, null);
    if (own.length < 2 || own.filter((w) => words.has(w)).length / own.length < RESTATED_SHARE) continue;
    // A sender label ("Fizzwell: ") belongs to the channel's form, not to the value: it stays.
    const label = /^[\p{L}\p{N} ]{1,30}:\s/u.exec(sentence)?.[0] ?? "";
    const copy = withoutSalutations(value);
    out += text.slice(at, span.start) + (replaced || copy === "" ? "" : copy.startsWith(label) ? copy : label + copy);
    at = span.end;
    replaced = true;
  }
  return out + text.slice(at);
}

/** A value pasted as copy without its letter frame: lines such as "Hi there," and "Cheers,\nThe team". */
function withoutSalutations(value: string): string {
  return splitSentences(value)
    .map((span) => value.slice(span.start, span.end))
    .filter((sentence) => !/,\s*$/.test(sentence.split("\n")[0] ?? ""))
    .join(" ");
}

function tidy(text: string): string {
  return text
    .replace(/[ \t]{2,}/g, " ")
    .replace(/[ \t]+([.,;:!?])/g, "$1")
    .replace(/\n{3,}/g, "\n\n")
    .replace(/^[ \t]+|[ \t]+$/gm, "")
    .trim();
}

/**
 * The master asset over the primary source. A single text field takes the sentences of the master's
 * field of the same name, else of the whole master (a heading becomes a sentence of its own); other
 * fields of the same name take the master's value.
 */
function withMaster(fields: readonly ResolvedField[], primary: Output, master: Output): Output {
  const out: Output = { ...primary };
  const all = masterSentences(textsOf(master));
  for (const field of fields) {
    const name = field.spec.name;
    const own = Object.hasOwn(master, name) ? master[name] : undefined;
    if (field.fields.length === 0 && field.spec.type !== "number" && countRange(field.spec) === null) {
      const sentences = typeof own === "string" ? masterSentences([own]) : all;
      if (sentences) out[name] = sentences;
    } else if (own !== undefined) out[name] = own;
  }
  return out;
}

function masterSentences(texts: readonly string[]): string {
  return texts
    .map((text) => withoutSalutations(text).trim())
    .filter((text) => text !== "")
    .map((text) => (/[.!?…]$/u.test(text) ? text : `${text}.`))
    .join(" ");
}

interface WriterSettings {
  locale: string | null;
  /** Sentences fitting drops last: the kit's disclaimers. */
  keep: string[];
  /** Texts to fall back on for a required field no source fills: the brief's values, then the kit's product names. */
  pool: string[];
  rotation: number;
}

class FieldWriter {
  private readonly settings: WriterSettings;

  constructor(settings: WriterSettings) {
    this.settings = settings;
  }

  group(fields: readonly ResolvedField[], source: Output, others: readonly Output[]): Output {
    const out: Output = {};
    for (const field of fields) {
      const name = field.spec.name;
      const mine = Object.hasOwn(source, name) ? source[name] : undefined;
      const theirs = others.flatMap((o) => (Object.hasOwn(o, name) ? [o[name] as OutputValue] : []));
      const value = countRange(field.spec) ? this.list(field, mine, theirs) : this.one(field, mine, theirs);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  private list(field: ResolvedField, mine: OutputValue | undefined, theirs: readonly OutputValue[]): OutputValue | undefined {
    const range = countRange(field.spec) ?? { min: 1, max: 1 };
    // Texts of a list stand alone (headlines), so a variant may reorder them; groups (scenes) keep their order.
    const own = Array.isArray(mine) ? (field.fields.length > 0 ? mine : rotate(mine, this.settings.rotation)) : [];
    const spare = theirs.flatMap((v) => (Array.isArray(v) ? v : [v]));
    const items: OutputValue[] = [];
    const seen = new Set<string>();
    const add = (candidate: OutputValue | undefined): void => {
      if (candidate === undefined || items.length >= range.max) return;
      const key = typeof candidate === "string" ? candidate.toLowerCase() : JSON.stringify(candidate);
      if (candidate === "" || seen.has(key)) return;
      seen.add(key);
      items.push(candidate);
    };
    for (const item of own) add(this.item(field, item, spare));
    const wanted = Math.max(range.min, own.length > 0 ? 0 : 1);
    for (const item of spare) if (items.length < wanted) add(this.item(field, item, []));
    if (field.fields.length === 0 && field.spec.type !== "number") for (const text of this.settings.pool) if (items.length < wanted) add(this.text(field, text));
    if (items.length === 0 && !field.spec.required) return undefined;
    return items;
  }

  private item(field: ResolvedField, value: OutputValue, spare: readonly OutputValue[]): OutputValue | undefined {
    if (field.fields.length > 0) {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
      const siblings = spare.filter((v): v is Output => typeof v === "object" && v !== null && !Array.isArray(v));
      return this.group(field.fields, value, siblings);
    }
    if (field.spec.type === "number") return typeof value === "number" ? clamp(value, field) : undefined;
    return typeof value === "string" || typeof value === "number" ? this.text(field, String(value)) : undefined;
  }

  private one(field: ResolvedField, mine: OutputValue | undefined, theirs: readonly OutputValue[]): OutputValue | undefined {
    const candidates = [...(mine === undefined ? [] : [mine]), ...theirs];
    if (mine === undefined && !field.spec.required) return undefined;
    for (const candidate of candidates) {
      const value = this.item(field, candidate, []);
      if (value !== undefined && value !== "") return value;
    }
    if (field.spec.type === "number") return clamp(field.spec.min ?? field.spec.max ?? 0, field);
    if (field.fields.length > 0) return this.group(field.fields, {}, []);
    for (const text of this.settings.pool) {
      const value = this.text(field, text);
      if (value !== "") return value;
    }
    return field.spec.required ? "" : undefined;
  }

  private text(field: ResolvedField, text: string): string {
    return fitText(text, field.limit, this.settings.locale, this.settings.keep);
  }
}

function poolOf(useCase: UseCase, brief: Brief, kit: Kit, locale: string | null): string[] {
  const values = useCase.inputs.flatMap((input): string[] => {
    const value = brief[input.name];
    if (Array.isArray(value)) return value;
    return typeof value === "boolean" || value === undefined ? [] : [formatValue(value, locale)];
  });
  return [...values, ...kit.brand.terms.brand_names].filter((t) => t.trim() !== "");
}

function clamp(value: number, field: ResolvedField): number {
  const { min, max } = field.spec;
  if (min !== undefined && value < min) return min;
  if (max !== undefined && value > max) return max;
  return value;
}

function rotate<T>(items: readonly T[], by: number): T[] {
  if (items.length === 0) return [];
  const at = by % items.length;
  return [...items.slice(at), ...items.slice(0, at)];
}

function textsOf(value: OutputValue | Output): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  return Object.values(value).flatMap(textsOf);
}

function containsValue(text: string, value: string): boolean {
  return text.toLowerCase().includes(value.toLowerCase());
}

function wordsOf(text: string, locale: string | null): string[] {
  return wordUnits(text, locale).map((w) => text.slice(w.start, w.end).toLowerCase());
}

function isTitleCase(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  return words.length > 1 && words.every((w) => /^\p{Lu}/u.test(w));
}

function titleCase(text: string): string {
  return text.replace(/(^|\s)(\p{Ll})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
