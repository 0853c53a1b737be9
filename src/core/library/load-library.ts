import { contentHash } from "../engine/content-hash.ts";
import { inFolder, type Kit, USECASES_FOLDER } from "../engine/load-kit.ts";
import { type Diagnostic, KitError } from "../errors.ts";
import { didYouMean } from "../kit/did-you-mean.ts";
import { sortDiagnostics } from "../kit/schema-diagnostics.ts";
import { validateDocument } from "../kit/validate.ts";
import { parseYamlFile, type YamlFile, type YamlPath } from "../kit/yaml-file.ts";
import { type FieldProblem, validateBrief } from "./brief.ts";
import type { Library, UseCase } from "./library.ts";
import { countRange } from "./output-fields.ts";
import { resolveTarget } from "./target.ts";
import {
  inputType,
  type OutputFieldSpec,
  TARGET_VARIABLES,
  type UseCaseSpec,
  UseCaseSchema,
} from "./usecase-schema.ts";

const USECASE_FILE = /\.ya?ml$/i;

/**
 * Loads the use-case library: every `<kit>/usecases/*.yaml` file of the workspace, validated
 * against the schema and against the kit (channels, audiences and regions it names, briefs of its
 * examples and tests against its inputs). All problems come back at once in a thrown KitError,
 * each with file:line:column and the fix, as the kit's do. A workspace without the folder has an
 * empty library.
 *
 * @example
 * const { kit } = loadKit(files);
 * const { library } = loadLibrary(kit, files);
 * library.get("email")?.version // "3f2a9c0d1e4b5a67"
 */
export function loadLibrary(kit: Kit, files: Readonly<Record<string, string>>): { library: Library; warnings: Diagnostic[] } {
  const prefix = `${inFolder(kit.folder, USECASES_FOLDER)}/`;
  const paths = Object.keys(files)
    .filter((f) => f.startsWith(prefix) && USECASE_FILE.test(f) && !f.slice(prefix.length).includes("/"))
    .sort();
  const diagnostics: Diagnostic[] = [];
  const useCases: UseCase[] = [];
  const firstFile = new Map<string, string>();
  for (const file of paths) {
    const content = files[file] ?? "";
    const yaml = parseYamlFile(file, content);
    const result = validateDocument(UseCaseSchema, yaml);
    diagnostics.push(...result.diagnostics);
    if (!result.data) continue;
    const stem = file.slice(prefix.length).replace(USECASE_FILE, "");
    const id = result.data.id ?? stem;
    const problems = checkUseCase(result.data, kit, yaml);
    if (result.data.id !== undefined && result.data.id !== stem) {
      problems.push(at(yaml, ["id"], `id "${result.data.id}" differs from the file name ${stem}`, `rename the file to ${result.data.id}.yaml or write id: ${stem}`));
    }
    if (!/^[a-z][a-z0-9_-]*$/.test(stem) && result.data.id === undefined) {
      problems.push(at(yaml, [], `the file name "${stem}" is not a use case id (lower-case letters, digits, - and _)`, "rename the file, such as promo-email.yaml"));
    }
    const earlier = firstFile.get(id);
    if (earlier) problems.push(at(yaml, [], `use case id "${id}" is already used by ${earlier}`, "give each use case file its own name"));
    firstFile.set(id, file);
    diagnostics.push(...problems);
    if (problems.some((d) => d.level === "error")) continue;
    useCases.push({ ...result.data, id, file, version: contentHash([content]), positionOf: yaml.positionOf });
  }
  const sorted = sortDiagnostics(diagnostics);
  if (sorted.some((d) => d.level === "error")) throw new KitError(sorted);
  useCases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const byId = new Map(useCases.map((u) => [u.id, u]));
  return { library: { useCases, get: (id) => byId.get(id) }, warnings: sorted };
}

/** What the schema cannot see: names used twice, reserved names, kit references, example and test briefs. */
function checkUseCase(spec: UseCaseSpec, kit: Kit, yaml: YamlFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = new Map<string, number>();
  spec.inputs.forEach((input, i) => {
    const path = ["inputs", i, "name"];
    if ((TARGET_VARIABLES as readonly string[]).includes(input.name)) {
      out.push(at(yaml, path, `input "${input.name}" has the name of a target variable (${TARGET_VARIABLES.join(", ")})`, `rename it, such as ${input.name}_notes; {{${input.name}}} already means the target's ${input.name}`));
    }
    const earlier = names.get(input.name);
    if (earlier !== undefined) out.push(at(yaml, path, `input "${input.name}" is defined twice (also inputs[${earlier}])`, "give each input its own name"));
    else names.set(input.name, i);
    const type = inputType(input);
    if (input.enum && type !== "enum") {
      out.push(at(yaml, ["inputs", i, "type"], `inputs[${i}] has enum values but type ${type}`, "remove `type` (enum is implied) or remove `enum`"));
    }
    if (type === "enum" && !input.enum) out.push(at(yaml, ["inputs", i, "type"], `inputs[${i}] has type enum but no enum values`, "list the allowed values under enum:"));
    if (input.default !== undefined) {
      const checked = validateBrief({ inputs: [{ ...input, required: false }] }, { [input.name]: input.default });
      for (const problem of checked.problems) out.push(at(yaml, ["inputs", i, "default"], `default: ${problem.message}`, problem.fix));
    }
  });

  checkOutputFields(spec.output.fields, ["output", "fields"], yaml, out);

  const channelIds = Object.keys(kit.channels);
  let channelsKnown = true;
  spec.channels.forEach((channel, i) => {
    if (Object.hasOwn(kit.channels, channel)) return;
    channelsKnown = false;
    const suggestion = didYouMean(channel, channelIds);
    out.push(
      at(
        yaml,
        ["channels", i],
        `channel "${channel}" is neither a built-in channel nor one of the kit's${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
        suggestion ? `write "${suggestion}"` : `use one of ${channelIds.join(", ")}, or add it under channels in brand.yaml`,
      ),
    );
  });
  const known = { channels: spec.channels, audiences: kit.brand.audiences.map((a) => a.id), regions: kit.brand.regions.map((r) => r.id) };
  for (const part of ["channels", "audiences", "regions"] as const) {
    const allowed = known[part];
    if (part !== "channels" && allowed.length === 0) continue;
    spec.variants[part].forEach((id, i) => {
      if (allowed.includes(id)) return;
      const suggestion = didYouMean(id, allowed);
      const where = part === "channels" ? "the use case's channels" : `the kit's ${part}`;
      out.push(at(yaml, ["variants", part, i], `variants.${part} names "${id}", which is not one of ${where}${suggestion ? `; did you mean "${suggestion}"?` : ""}`, suggestion ? `write "${suggestion}"` : allowed.length > 0 ? `use one of ${allowed.join(", ")}` : `add "${id}" to channels`));
    });
  }

  for (const section of ["examples", "tests"] as const) {
    spec[section].forEach((entry, i) => {
      const brief = validateBrief(spec, entry.brief);
      out.push(...problemsAt(yaml, [section, i, "brief"], brief.problems));
      // With an unknown channel in `channels` the target would fail for the same reason again.
      if (channelsKnown && (spec.channels.length > 0 || entry.channel !== undefined)) {
        const target = resolveTarget(kit, spec, entry);
        out.push(...problemsAt(yaml, [section, i], target.problems));
      }
    });
  }
  return out;
}

function checkOutputFields(fields: readonly OutputFieldSpec[], path: YamlPath, yaml: YamlFile, out: Diagnostic[]): void {
  const seen = new Map<string, number>();
  fields.forEach((field, i) => {
    const here = [...path, i];
    const earlier = seen.get(field.name);
    if (earlier !== undefined) out.push(at(yaml, [...here, "name"], `output field "${field.name}" is defined twice (also at index ${earlier})`, "give each field its own name"));
    else seen.set(field.name, i);
    const range = countRange(field);
    if (range && range.min > range.max) out.push(at(yaml, [...here, "count"], `count has min ${range.min} above max ${range.max}`, "swap them"));
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      out.push(at(yaml, [...here, "min"], `min ${field.min} is above max ${field.max}`, "swap them"));
    }
    const isNumber = field.type === "number" && !field.fields;
    const textKeys = (["max_chars", "max_words", "counting", "max_segments"] as const).filter((k) => field[k] !== undefined);
    if ((isNumber || field.fields) && textKeys.length > 0) {
      out.push(at(yaml, [...here, textKeys[0] ?? "name"], `${textKeys.join(", ")} only apply to a text field; "${field.name}" is ${isNumber ? "a number" : "a group"}`, isNumber ? "use min and max for a number" : "set limits on the sub-fields"));
    }
    if (!isNumber && (field.min !== undefined || field.max !== undefined)) {
      out.push(at(yaml, [...here, field.min !== undefined ? "min" : "max"], `min and max only apply to a number field; "${field.name}" is text`, "add type: number, or use max_chars / max_words"));
    }
    if (field.fields) checkOutputFields(field.fields, [...here, "fields"], yaml, out);
  });
}

function at(yaml: YamlFile, path: YamlPath, message: string, fix: string): Diagnostic {
  return { level: "error", file: yaml.file, ...(path.length === 0 ? { line: 1, column: 1 } : yaml.positionOf(path)), message, fix };
}

function problemsAt(yaml: YamlFile, base: YamlPath, problems: readonly FieldProblem[]): Diagnostic[] {
  return problems.map((p) => at(yaml, [...base, ...p.path], p.message, p.fix));
}
