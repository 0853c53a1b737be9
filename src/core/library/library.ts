import type { Position } from "../document/prose-document.ts";
import type { YamlPath } from "../kit/yaml-file.ts";
import type { UseCaseSpec } from "./usecase-schema.ts";

/** A use case as loaded: the file's content with defaults, its id, its place and its version. */
export interface UseCase extends UseCaseSpec {
  id: string;
  /** Workspace-relative path of the file (`brand/usecases/email.yaml`). */
  file: string;
  /** Content hash of the file: every compiled prompt names it and every generated asset records it. */
  version: string;
  /** Line and column of any value of the file, e.g. `positionOf(["tests", 0, "output"])`. */
  positionOf(path: YamlPath): Position;
}

/** The use cases of a workspace, in id order. */
export interface Library {
  useCases: UseCase[];
  /** The use case with this id, or undefined. */
  get(id: string): UseCase | undefined;
}

/**
 * The target of one variant: where it runs, for whom and where. Each part is null when not set.
 * Audiences and regions the kit defines carry their description and locale; others are a label.
 */
export interface Target {
  channel: { id: string; name: string } | null;
  audience: { id: string; name: string; description: string | null } | null;
  region: { id: string; name: string; locale: string | null; notes: string | null } | null;
}

/** A validated brief: every input the use case defines that has a value (given or default). */
export type Brief = Record<string, string | number | boolean | string[]>;
