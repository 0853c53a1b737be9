import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "../core/errors.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `node:util` parseArgs in strict mode, with its errors turned into a UsageError that names the
 * option and points at the command's help.
 *
 * @example parseCommandArgs("check", ["a.md", "--format", "json"], { format: { type: "string" } })
 */
export function parseCommandArgs<T extends Options>(command: string, argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);
    const hint = `run \`onbrand ${command} --help\` for the options`;
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const option = /'([^']+)'/.exec(message)?.[1] ?? message;
      throw new UsageError(`unknown option ${option}; ${hint}`);
    }
    const option = /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option && message.includes("argument missing")) {
      throw new UsageError(`${option} needs a value; ${hint}`);
    }
    throw new UsageError(`${message.replace(/^Option /, "option ")}; ${hint}`);
  }
}

/** Checks an option's value against the allowed ones. */
export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${option} must be one of ${allowed.join(", ")} (got "${value}")`);
}
