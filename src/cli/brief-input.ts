import { resolve } from "node:path";
import { type Diagnostic, UsageError } from "../core/errors.ts";
import { didYouMean } from "../core/kit/did-you-mean.ts";
import { parseYamlFile, type YamlFile } from "../core/kit/yaml-file.ts";
import { expectedValue, validateBrief } from "../core/library/brief.ts";
import type { Brief, Library, UseCase } from "../core/library/library.ts";
import type { FieldProblem } from "../core/library/brief.ts";
import { readTextFile, readTextStream } from "../node/read-text-file.ts";
import type { CliIo } from "./cli-io.ts";

/** A brief file is a few fields, not a document: this is generous. */
const MAX_BRIEF_BYTES = 1024 * 1024;
/** A batch of briefs (`generate --briefs`): thousands of briefs of a few fields each. */
const MAX_BRIEFS_BYTES = 64 * 1024 * 1024;

/** One `--set FIELD=VALUE`. */
export interface BriefSet {
  field: string;
  value: string;
}

/**
 * Reads `--set FIELD=VALUE`.
 *
 * @example
 * parseSet("product=Fizzwell Zero") // { field: "product", value: "Fizzwell Zero" }
 */
export function parseSet(option: string): BriefSet {
  const eq = option.indexOf("=");
  if (eq <= 0) throw new UsageError(`--set needs FIELD=VALUE, such as --set product="Fizzwell Zero" (got "${option}")`);
  return { field: option.slice(0, eq).trim(), value: option.slice(eq + 1) };
}

/**
 * The brief of `--brief FILE|-` and `--set`s, validated against the use case. Problems are
 * diagnostics at the brief file's line and column, or at `--set field`, with the fix worded for
 * where the value came from.
 *
 * @example
 * const { brief, problems } = await readBriefInput(useCase, "brief.yaml", [{ field: "tone", value: "warm" }], io);
 */
export async function readBriefInput(
  useCase: UseCase,
  briefOption: string | undefined,
  sets: readonly BriefSet[],
  io: CliIo,
): Promise<{ brief: Brief | null; problems: Diagnostic[] }> {
  const { file, value } = await readBriefFile(briefOption, io);
  const fromSet = new Set<string>();
  for (const { field, value: v } of sets) {
    value[field] = v;
    fromSet.add(field);
  }
  const result = validateBrief(useCase, value);
  const problems = result.problems.map((p) => {
    const field = String(p.path[0] ?? "");
    const place =
      fromSet.has(field) || !file ? { file: fromSet.has(field) ? `--set ${field}` : "brief", line: 0, column: 0 } : { file: file.file, ...file.positionOf(p.path) };
    // Fixes are written for a brief file; on the command line the same fix is a --set.
    const missing = !Object.hasOwn(value, field);
    const fix =
      missing && !file
        ? `pass --set ${field}=... or write it in a --brief file`
        : fromSet.has(field) && p.fix.startsWith(`write ${field}: `)
          ? `--set ${field}=${p.fix.slice(`write ${field}: `.length)}`
          : p.fix;
    return { level: "error" as const, ...place, message: p.message, fix };
  });
  return { brief: result.brief, problems };
}

/**
 * The briefs of `--briefs FILE` (a batch): a YAML or JSON list of briefs, or JSON Lines (one brief
 * per line). `--set`s apply to every brief. Problems name the file, the line and the brief's index.
 *
 * @example
 * const { briefs, problems } = await readBriefBatch(useCase, "briefs.jsonl", [], io);
 */
export async function readBriefBatch(
  useCase: UseCase,
  option: string,
  sets: readonly BriefSet[],
  io: CliIo,
): Promise<{ briefs: Brief[]; problems: Diagnostic[] }> {
  const label = option === "-" ? "<stdin>" : option;
  const text = await readText(option, label, io, MAX_BRIEFS_BYTES, "--briefs");
  const entries = /\.jsonl$/i.test(option) || looksLikeJsonLines(text) ? jsonLines(label, text) : yamlList(label, text);
  const briefs: Brief[] = [];
  const problems: Diagnostic[] = [];
  entries.forEach((entry, index) => {
    if (entry.value === null || typeof entry.value !== "object" || Array.isArray(entry.value)) {
      problems.push({ level: "error", file: label, ...entry.at([]), message: `brief ${index + 1} is not a mapping of field names to values`, fix: "write each brief as {field: value, ...}" });
      return;
    }
    const value: Record<string, unknown> = { ...(entry.value as Record<string, unknown>) };
    for (const { field, value: v } of sets) value[field] = v;
    const result = validateBrief(useCase, value);
    for (const p of result.problems) {
      problems.push({ level: "error", file: label, ...entry.at(p.path), message: `brief ${index + 1}: ${p.message}`, fix: p.fix });
    }
    if (result.brief) briefs.push(result.brief);
  });
  if (entries.length === 0) problems.push({ level: "error", file: label, line: 0, column: 0, message: "the file holds no briefs", fix: "write a list of briefs (YAML or JSON) or one JSON brief per line" });
  return { briefs, problems };
}

/**
 * The use case with this id, or a UsageError naming the closest id and every id.
 *
 * @example
 * findUseCase(library, "emial") // throws: no use case "emial"; did you mean "email"? ...
 */
export function findUseCase(library: Library, id: string): UseCase {
  const found = library.get(id);
  if (found) return found;
  const ids = library.useCases.map((u) => u.id);
  if (ids.length === 0) {
    throw new UsageError("the library has no use cases yet: add brand/usecases/<id>.yaml (docs/usecases.md) or start from `onbrand init`");
  }
  const suggestion = didYouMean(id, ids);
  throw new UsageError(`no use case "${id}"${suggestion ? `; did you mean "${suggestion}"?` : ""} The use cases: ${ids.join(", ")}`);
}

/**
 * Target problems (unknown channel, audience or region) as diagnostics at the option that set them.
 *
 * @example
 * targetProblems(resolveTarget(kit, useCase, { audience: "studnets" }).problems)[0].file // "--audience"
 */
export function targetProblems(problems: readonly FieldProblem[]): Diagnostic[] {
  return problems.map((p) => ({ level: "error" as const, file: p.path.length > 0 ? `--${String(p.path[0])}` : "targets", line: 0, column: 0, message: p.message, fix: p.fix }));
}

/** After brief errors from the command line alone, where to find the use case's fields. */
export function printBriefHint(io: CliIo, useCase: UseCase, command: string, briefOption: string | undefined, sets: readonly BriefSet[]): void {
  if (!briefOption && sets.length === 0 && useCase.inputs.some((i) => i.required)) {
    io.stderr.write(`onbrand: the brief fields of ${useCase.id}: \`onbrand ${command} ${useCase.id} --help\`\n`);
  }
}

/** Reads --brief (a file or stdin) as YAML, which also reads JSON, keeping positions for errors. */
/**
 * The brief of `--brief FILE|-` and `--set`s as written, not validated: for a server, which
 * validates it against its own version of the use case.
 *
 * @example const values = await readRawBrief("brief.yaml", [{ field: "product", value: "Fizzwell Zero" }], io);
 */
export async function readRawBrief(briefOption: string | undefined, sets: readonly BriefSet[], io: CliIo): Promise<Record<string, unknown>> {
  const { value } = await readBriefFile(briefOption, io);
  for (const { field, value: v } of sets) value[field] = v;
  return value;
}

async function readBriefFile(option: string | undefined, io: CliIo): Promise<{ file: YamlFile | null; value: Record<string, unknown> }> {
  if (option === undefined) return { file: null, value: {} };
  const label = option === "-" ? "<stdin>" : option;
  const yaml = parseYamlFile(label, await readText(option, label, io, MAX_BRIEF_BYTES, "--brief"));
  const syntax = yaml.diagnostics.find((d) => d.level === "error");
  if (syntax) throw new UsageError(`${label}:${syntax.line}:${syntax.column}: ${syntax.message}${syntax.fix ? ` (${syntax.fix})` : ""}`);
  const value = yaml.value ?? {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`--brief ${label}: a brief is a mapping of field names to values, one per line (product: Fizzwell Zero)`);
  }
  return { file: yaml, value: { ...(value as Record<string, unknown>) } };
}

async function readText(option: string, label: string, io: CliIo, maxBytes: number, flag: string): Promise<string> {
  const read = option === "-" ? await readTextStream(io.stdin, maxBytes) : readTextFile(resolve(io.cwd, option), maxBytes);
  if (!read.ok) throw new UsageError(`${flag} ${label}: ${read.message === "binary file skipped" ? "not a text file" : read.message}`);
  return read.text;
}

type Entry = { value: unknown; at: (path: readonly (string | number)[]) => { line: number; column: number } };

function looksLikeJsonLines(text: string): boolean {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.length > 1 && lines.every((l) => l.trimStart().startsWith("{"));
}

function jsonLines(label: string, text: string): Entry[] {
  const entries: Entry[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      entries.push({ value: JSON.parse(line) as unknown, at: () => ({ line: i + 1, column: 1 }) });
    } catch (error) {
      throw new UsageError(`${label}:${i + 1}: not a JSON brief (${error instanceof Error ? error.message : "invalid JSON"}); write one JSON object per line`);
    }
  });
  return entries;
}

function yamlList(label: string, text: string): Entry[] {
  const yaml = parseYamlFile(label, text);
  const syntax = yaml.diagnostics.find((d) => d.level === "error");
  if (syntax) throw new UsageError(`${label}:${syntax.line}:${syntax.column}: ${syntax.message}${syntax.fix ? ` (${syntax.fix})` : ""}`);
  if (!Array.isArray(yaml.value)) {
    throw new UsageError(`--briefs ${label}: a list of briefs ("- product: ..." per brief, a JSON array, or one JSON object per line)`);
  }
  return (yaml.value as unknown[]).map((value, index) => ({ value, at: (path) => yaml.positionOf([index, ...path]) }));
}

/**
 * `<command> <use case> --help`: the use case's brief fields, channels and default targets.
 *
 * @example
 * briefHelp(email).startsWith("Promotional email (email)") // true
 */
export function briefHelp(useCase: UseCase): string {
  const lines = [`${useCase.name} (${useCase.id})${useCase.description ? `: ${useCase.description.trim()}` : ""}`, ""];
  lines.push(useCase.inputs.length > 0 ? "Brief fields (--set FIELD=VALUE or --brief FILE)" : "This use case takes no brief.");
  for (const input of useCase.inputs) {
    const type = expectedValue(input);
    const extra = [input.required ? "required" : null, input.default !== undefined ? `default ${JSON.stringify(input.default)}` : null].filter(Boolean);
    lines.push(`  ${input.name}  ${type}${extra.length > 0 ? ` (${extra.join(", ")})` : ""}`);
    if (input.description) lines.push(`      ${input.description.trim()}`);
  }
  if (useCase.channels.length > 0) lines.push("", `Channels: ${useCase.channels.join(", ")}`);
  const { audiences, regions } = useCase.variants;
  if (audiences.length > 0) lines.push(`Audiences: ${audiences.join(", ")}`);
  if (regions.length > 0) lines.push(`Regions: ${regions.join(", ")}`);
  return `${lines.join("\n")}\n`;
}
