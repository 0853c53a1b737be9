import { copyFileSync, existsSync, mkdirSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { OnbrandError, UsageError } from "../core/errors.ts";
import { displayPath } from "../node/collect-inputs.ts";
import { toPosix } from "../node/workspace.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand init [folder] [--force]

Creates a workspace in the folder (default: the current one): onbrand.yaml and a starter brand kit
to edit. Existing files are left alone unless --force is given.

Options
  --force        overwrite files that already exist
  -h, --help     show this help
`;

const OPTIONS = {
  force: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Where the starter workspace lives. It is not compiled, so it is found from the package root:
 * `src/cli/init-template/` seen from src/cli/ (tests) and from dist/cli/ (the built CLI) alike.
 */
export function templateFolder(): string {
  return fileURLToPath(new URL("../../src/cli/init-template/", import.meta.url));
}

/** `onbrand init`: see `usage` and docs/cli.md. */
export async function run(argv: readonly string[], io: CliIo, template: string = templateFolder()): Promise<number> {
  const { values, positionals } = parseCommandArgs("init", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError("init takes one folder; run `onbrand init --help`");
  const target = resolve(io.cwd, positionals[0] ?? ".");

  const files = templateFiles(template);
  if (files.length === 0) {
    throw new OnbrandError("template_missing", `the starter workspace is missing from ${template}; reinstall onbrand`);
  }
  const existing = files.filter((rel) => existsSync(join(target, rel)));
  if (existing.length > 0 && !values.force) {
    io.stderr.write(
      `onbrand: error: ${existing.length === 1 ? "this file already exists" : "these files already exist"} in ${displayPath(target, io.cwd)}:\n` +
        existing.map((rel) => `  ${rel}\n`).join("") +
        "Nothing was written. Run again with --force to overwrite them, or pick an empty folder.\n",
    );
    return EXIT_USAGE;
  }

  for (const rel of files) {
    const to = join(target, rel);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(template, rel), to);
  }

  const where = displayPath(target, io.cwd);
  const steps = [
    ...(where === "." ? [] : [`cd ${where}`]),
    files.includes("brand/brand.yaml")
      ? "edit brand/brand.yaml: your brand's names, voice, words to avoid and claims"
      : "edit the brand kit files above",
    files.some((rel) => rel.startsWith("copy/"))
      ? "onbrand check copy    check the sample copy against the kit"
      : "onbrand check <files or folders>    check copy against the kit",
    ...(files.some((rel) => rel.startsWith("brand/usecases/"))
      ? ["onbrand prompt --list    the use-case library; `onbrand prompt email --help` shows a brief", "onbrand test    run the kit's examples and the library's tests"]
      : []),
    "onbrand schema brand --out brand.schema.json    completion in your editor (docs/configuration.md)",
    ...(files.includes("README.md") ? ["README.md says what each file is for"] : []),
  ];
  io.stdout.write(
    `Created ${files.length} file${files.length === 1 ? "" : "s"} in ${where}${existing.length > 0 ? ` (${existing.length} overwritten)` : ""}:\n` +
      files.map((rel) => `  ${rel}\n`).join("") +
      "\nNext steps:\n" +
      steps.map((step) => `  ${step}\n`).join(""),
  );
  return EXIT_OK;
}

/** Every file under the template folder, `/`-separated, sorted. */
export function templateFiles(template: string): string[] {
  let entries;
  try {
    entries = readdirSync(template, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => toPosix(relative(template, join(e.parentPath, e.name))))
    .sort();
}
