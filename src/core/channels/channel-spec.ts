import type { Level } from "../findings.ts";
import type { Counting } from "./counting.ts";

/**
 * The length limits of one field of a channel, with the keys brand.yaml uses
 * (`channels.<id>.fields.<field>`). A field may set characters, words, SMS segments or several.
 */
export interface FieldLimit {
  /** Most characters, counted the `counting` way. */
  max_chars?: number;
  max_words?: number;
  /** How characters are counted; `graphemes` when absent. */
  counting?: Counting;
  /** With `counting: sms`: most SMS parts the text may take; 1 when absent. */
  max_segments?: number;
  /** Level of the findings; `error` when absent. */
  level?: Level;
  /** The field as messages name it ("headline" for `headlines`); the field id when absent. */
  label?: string;
}

export interface ChannelSpec {
  /** The channel as messages name it ("Google RSA"); the channel id when absent. */
  name?: string;
  fields: Record<string, FieldLimit>;
}

/**
 * The channels in effect: the defaults, with every kit channel merged in. A kit channel with a
 * new id is added. A kit channel with a default's id keeps the default's other fields, and a
 * field the kit names is merged key by key: the kit's keys win, the keys it leaves out keep the
 * default (so `headlines: {max_chars: 25}` keeps Google's double-width counting). `name` is
 * the kit's when it gives one.
 *
 * @example
 * mergeChannels(DEFAULT_CHANNELS, { sms: { fields: { body: { max_segments: 2 } } } }).sms
 * // { name: "SMS", fields: { body: { counting: "sms", max_segments: 2 } } }
 */
export function mergeChannels(
  defaults: Readonly<Record<string, ChannelSpec>>,
  kitChannels: Readonly<Record<string, ChannelSpec>> = {},
): Record<string, ChannelSpec> {
  const merged: Record<string, ChannelSpec> = {};
  for (const [id, spec] of Object.entries(defaults)) merged[id] = copyChannel(spec);
  for (const [id, spec] of Object.entries(kitChannels)) {
    const base = merged[id];
    if (!base) {
      merged[id] = copyChannel(spec);
      continue;
    }
    const fields = { ...base.fields };
    for (const [field, limit] of Object.entries(spec.fields ?? {})) fields[field] = { ...fields[field], ...defined(limit) };
    merged[id] = { ...withName(spec.name ?? base.name), fields };
  }
  return merged;
}

function copyChannel(spec: ChannelSpec): ChannelSpec {
  const fields: Record<string, FieldLimit> = {};
  for (const [field, limit] of Object.entries(spec.fields ?? {})) fields[field] = defined(limit);
  return { ...withName(spec.name), fields };
}

function withName(name: string | undefined): { name?: string } {
  return name === undefined ? {} : { name };
}

/** The limit without keys set to undefined, so spreading it never erases a default. */
function defined(limit: FieldLimit): FieldLimit {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(limit)) if (value !== undefined) out[key] = value;
  return out as FieldLimit;
}
