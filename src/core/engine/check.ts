import { InputError } from "../errors.ts";
import type { Finding, Level } from "../findings.ts";
import { didYouMean } from "../kit/did-you-mean.ts";
import { type Format, type ParsedAsset, parseAsset } from "../parse/asset.ts";
import { checkDocuments } from "./check-documents.ts";
import type { Kit } from "./load-kit.ts";
import { assetScore } from "./score.ts";

export interface AssetInput {
  /** Where the asset came from (`copy/launch.md`, `<stdin>`); decides the format when `format` is absent. */
  path: string;
  content: string;
  format?: Format;
}

export interface CheckOptions {
  /** Channel for an asset that names none (overrides onbrand.yaml `channel`). */
  channel?: string | null;
  /** Findings below this level are left out (default: onbrand.yaml `min_level`). */
  minLevel?: Level;
}

export interface CheckResult {
  path: string;
  findings: Finding[];
  /** 0-100, see docs/scoring.md. */
  score: number;
  /** Prose words checked. */
  words: number;
  channel: string | null;
}

/**
 * Checks one asset against a compiled kit and returns its findings and score. Pure: it reads
 * nothing and prints nothing. Throws InputError (naming the file and the place) for a malformed
 * structured asset or an unknown channel.
 *
 * @example
 * const { kit } = loadKit(files);
 * const result = check(kit, { path: "email.json", content: '{"channel":"email","fields":{"subject":"Hi"}}' });
 * result.findings // [] when on brand
 */
export function check(kit: Kit, asset: AssetInput, options: CheckOptions = {}): CheckResult {
  return checkParsed(kit, asset.path, parseAsset(asset), options);
}

/**
 * check() of an asset parsed already, such as a structured asset that arrived as a value and was
 * validated with the request (see structuredAsset). `path` names it in errors and in the result.
 *
 * @example
 * const asset = structuredAsset({ channel: "sms", fields: { body: "Hi!" } });
 * checkParsed(kit, "asset", asset).findings // [] when on brand
 */
export function checkParsed(
  kit: Kit,
  path: string,
  parsed: Pick<ParsedAsset, "channel" | "locale" | "documents">,
  options: CheckOptions = {},
): CheckResult {
  const channel = parsed.channel ?? options.channel ?? kit.config.channel ?? null;
  if (channel !== null && !Object.hasOwn(kit.channels, channel)) {
    const known = Object.keys(kit.channels);
    const hint = didYouMean(channel, known);
    const fromAsset = parsed.channel !== null;
    throw new InputError(
      fromAsset ? path : "--channel",
      `unknown channel "${channel}"${fromAsset ? " (the asset's channel)" : ""}; ${hint ? `did you mean "${hint}"? ` : ""}` +
        `known channels: ${known.join(", ")}; add it under channels: in the brand kit`,
    );
  }
  const minLevel = options.minLevel ?? kit.config.min_level;
  const { findings, words } = checkDocuments(kit, parsed.documents, { channel, locale: parsed.locale ?? kit.brand.locale ?? null }, minLevel);
  return { path, findings, score: assetScore(findings, words, kit.config.score), words, channel };
}
