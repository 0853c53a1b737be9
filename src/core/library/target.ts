import type { ChannelSpec } from "../channels/channel-spec.ts";
import type { Brand } from "../kit/brand-schema.ts";
import { didYouMean } from "../kit/did-you-mean.ts";
import type { FieldProblem } from "./brief.ts";
import type { Target } from "./library.ts";
import type { UseCaseSpec } from "./usecase-schema.ts";

/** What a caller asks for; absent parts take the use case's defaults. */
export interface TargetRequest {
  channel?: string | null | undefined;
  audience?: string | null | undefined;
  region?: string | null | undefined;
}

/** The parts of a kit a target is resolved against. */
export interface TargetKit {
  brand: Pick<Brand, "audiences" | "regions" | "locale">;
  channels: Readonly<Record<string, ChannelSpec>>;
}

/**
 * Resolves a target for a use case. The channel defaults to the use case's first default variant
 * channel, else its first channel; it must be one of the use case's channels (any kit channel when
 * the use case names none). An audience or region must be one the kit defines when the kit defines
 * any; otherwise it is a free label. A region's locale falls back to the kit's.
 *
 * @example
 * resolveTarget(kit, useCase, { audience: "students" }).target?.audience?.description
 */
export function resolveTarget(
  kit: TargetKit,
  useCase: Pick<UseCaseSpec, "channels" | "variants">,
  request: TargetRequest,
): { target: Target | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const target: Target = { channel: null, audience: null, region: null };

  const channelId = request.channel ?? useCase.variants.channels[0] ?? useCase.channels[0] ?? null;
  if (channelId !== null) {
    const allowed = useCase.channels.length > 0 ? useCase.channels : Object.keys(kit.channels);
    const spec = Object.hasOwn(kit.channels, channelId) ? kit.channels[channelId] : undefined;
    if (!allowed.includes(channelId) || !spec) {
      problems.push(unknown("channel", channelId, allowed, useCase.channels.length > 0 ? "the use case's channels" : "the kit's channels"));
    } else target.channel = { id: channelId, name: spec.name ?? channelId };
  }

  const audienceId = request.audience ?? null;
  if (audienceId !== null) {
    const known = kit.brand.audiences;
    const found = known.find((a) => a.id === audienceId);
    if (found) target.audience = { id: found.id, name: found.name ?? found.id, description: found.description ?? null };
    else if (known.length === 0) target.audience = { id: audienceId, name: audienceId, description: null };
    else problems.push(unknown("audience", audienceId, known.map((a) => a.id), "the kit's audiences"));
  }

  const regionId = request.region ?? null;
  if (regionId !== null) {
    const known = kit.brand.regions;
    const found = known.find((r) => r.id === regionId);
    const kitLocale = kit.brand.locale ?? null;
    if (found) {
      target.region = { id: found.id, name: found.name ?? found.id, locale: found.locale ?? kitLocale, notes: found.notes ?? null };
    } else if (known.length === 0) target.region = { id: regionId, name: regionId, locale: kitLocale, notes: null };
    else problems.push(unknown("region", regionId, known.map((r) => r.id), "the kit's regions"));
  }

  return { target: problems.length === 0 ? target : null, problems };
}

function unknown(part: "channel" | "audience" | "region", id: string, known: readonly string[], where: string): FieldProblem {
  const suggestion = didYouMean(id, known);
  return {
    path: [part],
    message: `${part} "${id}" is not one of ${where}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
    fix: suggestion
      ? `write "${suggestion}"`
      : known.length > 0
        ? `use one of ${known.join(", ")}`
        : `add it under ${part === "channel" ? "channels" : `${part}s`} in brand.yaml`,
  };
}
