import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "../core/errors.ts";
import { displayPath } from "../node/collect-inputs.ts";
import { type CliIo, EXIT_OK } from "./cli-io.ts";
import { oneOf, parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand schema [brand | config | usecase] [--out FILE]

Prints the JSON Schema of brand.yaml (brand, the default), of onbrand.yaml (config) or of a use
case file in brand/usecases/ (usecase), for editor completion and validation. See
docs/configuration.md for the editor setup.

Options
  --out FILE     write the schema to FILE instead of stdout
  -h, --help     show this help
`;

const OPTIONS = {
  out: { type: "string", short: "o" },
  help: { type: "boolean", short: "h" },
} as const;

const SCHEMAS = ["brand", "config", "usecase"] as const;

/** `onbrand schema`: see `usage` and docs/cli.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("schema", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError("schema takes one name, brand, config or usecase; run `onbrand schema --help`");
  const which = oneOf("schema", positionals[0] ?? "brand", SCHEMAS);
  const core = await import("../core/index.ts");
  const schema = { brand: core.brandJsonSchema, config: core.configJsonSchema, usecase: core.useCaseJsonSchema }[which]();
  const text = `${JSON.stringify(schema, null, 2)}\n`;
  if (values.out === undefined) {
    io.stdout.write(text);
    return EXIT_OK;
  }
  const out = resolve(io.cwd, values.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  io.stdout.write(`wrote the ${which} schema to ${displayPath(out, io.cwd)}\n`);
  return EXIT_OK;
}
