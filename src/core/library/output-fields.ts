import type { ChannelSpec, FieldLimit } from "../channels/channel-spec.ts";
import type { OutputFieldSpec } from "./usecase-schema.ts";

/** An output field with the length limit that applies to it on one channel. */
export interface ResolvedField {
  /** Dotted path from the top: `subject`, `scenes.on_screen_text`. */
  path: string;
  spec: OutputFieldSpec;
  /**
   * The limit in effect: the channel's limit for a field of this name, with every limit key the
   * use case gives taking its place (as a kit's channel merges over a default one). Null for a
   * number, a group, or a text field that neither the channel nor the use case limits.
   */
  limit: FieldLimit | null;
  /** Where the limit came from: the use case set a key, only the channel did, or none. */
  limitSource: "use-case" | "channel" | null;
  /** Sub-fields of a group. */
  fields: ResolvedField[];
}

const LIMIT_KEYS = ["max_chars", "max_words", "counting", "max_segments"] as const;

/**
 * The use case's output fields with the limits of `channel` applied. A field takes the limit of
 * the channel field with the same name (`headlines` on google-rsa, `body` on sms); a group's
 * sub-fields do too (`on_screen_text`). Limit keys written on the use case field win key by key.
 *
 * @example
 * resolveOutputFields(kit.channels, useCase.output.fields, "google-rsa")[0].limit
 * // { label: "headline", max_chars: 30, counting: "double-width" }
 */
export function resolveOutputFields(
  channels: Readonly<Record<string, ChannelSpec>>,
  fields: readonly OutputFieldSpec[],
  channel: string | null,
  parent = "",
): ResolvedField[] {
  const channelFields = channel !== null && Object.hasOwn(channels, channel) ? (channels[channel]?.fields ?? {}) : {};
  return fields.map((spec) => {
    const path = parent ? `${parent}.${spec.name}` : spec.name;
    if (spec.fields) {
      return { path, spec, limit: null, limitSource: null, fields: resolveOutputFields(channels, spec.fields, channel, path) };
    }
    if (spec.type === "number") return { path, spec, limit: null, limitSource: null, fields: [] };
    const fromChannel = Object.hasOwn(channelFields, spec.name) ? channelFields[spec.name] : undefined;
    const own: FieldLimit = {};
    for (const key of LIMIT_KEYS) if (spec[key] !== undefined) Object.assign(own, { [key]: spec[key] });
    const hasOwn = Object.keys(own).length > 0;
    const limit = fromChannel || hasOwn ? { ...fromChannel, ...own } : null;
    const bounded = limit !== null && (limit.max_chars !== undefined || limit.max_words !== undefined || limit.counting === "sms");
    return {
      path,
      spec,
      limit: bounded ? limit : null,
      limitSource: !bounded ? null : hasOwn ? "use-case" : "channel",
      fields: [],
    };
  });
}

/** Every text and number field, groups flattened, in order. */
export function leafFields(fields: readonly ResolvedField[]): ResolvedField[] {
  return fields.flatMap((field) => (field.fields.length > 0 ? leafFields(field.fields) : [field]));
}

/** The number of items a field holds: `{min, max}`; a field without `count` holds one value. */
export function countRange(spec: OutputFieldSpec): { min: number; max: number } | null {
  if (spec.count === undefined) return null;
  return typeof spec.count === "number" ? { min: spec.count, max: spec.count } : spec.count;
}
