import type { Position } from "../document/prose-document.ts";
import type { SourcePlace } from "../rules/rule.ts";
import type { YamlPath } from "./yaml-file.ts";

/**
 * Where the kit file was read from, so a kit-derived rule can say which line of brand.yaml it
 * came from (SARIF, `onbrand rules`). `validateBrand` returns one.
 */
export interface KitSource {
  file: string;
  positionOf(path: YamlPath): Position;
}

export function sourcePlace(source: KitSource | undefined, path: YamlPath): SourcePlace | undefined {
  return source ? { file: source.file, ...source.positionOf(path) } : undefined;
}
