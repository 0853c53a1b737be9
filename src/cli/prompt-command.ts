import { type Diagnostic, UsageError } from "../core/errors.ts";
import type { Library } from "../core/library/index.ts";
import { copyToClipboard } from "../node/clipboard.ts";
import { type CompiledPrompt, type PromptSection, promptText } from "../core/prompt/compile-prompt.ts";
import { type BriefSet, briefHelp, findUseCase, parseSet, printBriefHint, readBriefInput, readRawBrief, targetProblems } from "./brief-input.ts";
import { serverClient, type StudioClient } from "./server-client.ts";
import { type CliIo, EXIT_OK, EXIT_USAGE } from "./cli-io.ts";
import { loadWorkspace } from "./load-workspace.ts";
import { oneOf, parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand prompt <use case> [options]
       onbrand prompt --list

Compiles the brand kit and a use case into a prompt: paste-ready text for any AI assistant, or
the chat messages as JSON with token counts. \`onbrand prompt <use case> --help\` lists the
use case's brief fields.

Brief
  --brief FILE           the brief as YAML or JSON (- reads stdin)
  --set FIELD=VALUE      set one brief field; repeatable, wins over --brief (a list: a,b,c)

Target
  --channel ID           channel (default: the use case's first)
  --audience ID          audience (one of the kit's audiences, when it defines any)
  --region ID            region (one of the kit's regions, when it defines any)

Output
  --format FORMAT        text (default: paste-ready) or json (messages, token counts, prefix hash)
  --copy                 put the prompt on the clipboard instead of printing it
  --list                 list the use cases
  --config FILE          use this onbrand.yaml instead of looking for one
  --server URL           compile with a studio's kit and library instead of the local ones (or
                         ONBRAND_SERVER); the API token comes from ONBRAND_TOKEN
  -h, --help             show this help

Exit codes: 0 the prompt was written, 2 usage, kit, library or brief errors.
`;

const OPTIONS = {
  brief: { type: "string" },
  set: { type: "string", multiple: true },
  channel: { type: "string" },
  audience: { type: "string" },
  region: { type: "string" },
  format: { type: "string", short: "f" },
  copy: { type: "boolean" },
  list: { type: "boolean" },
  config: { type: "string" },
  server: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const FORMATS = ["text", "json"] as const;

/** `onbrand prompt`: see `usage` and docs/cli.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("prompt", argv, OPTIONS);
  if (values.help && positionals.length === 0) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  const format = oneOf("--format", values.format ?? "text", FORMATS);
  if (positionals.length > 1) throw new UsageError(`prompt takes one use case, got ${positionals.length}: ${positionals.join(" ")}`);
  if (positionals.length === 0 && !values.list) {
    throw new UsageError("name a use case, such as `onbrand prompt email`; `onbrand prompt --list` lists them");
  }
  const sets = (values.set ?? []).map(parseSet);
  const client = serverClient(values.server, io.env);
  if (client) {
    if (values.config !== undefined) throw new UsageError("--config and --server do not go together: with --server the studio's kit and library apply");
    const output = values.list ? await remoteListing(client) : await remotePrompt(client, positionals[0] ?? "", values, sets, format, io);
    return writePrompt(output, values.copy === true, positionals[0] ?? "", io);
  }

  const loaded = await loadWorkspace(io, values.config, { library: true, quiet: false });
  if (!loaded?.library) return EXIT_USAGE;
  const { kit, library } = loaded;
  if (values.list) {
    io.stdout.write(listing(library));
    return EXIT_OK;
  }
  const useCase = findUseCase(library, positionals[0] ?? "");
  if (values.help) {
    io.stdout.write(briefHelp(useCase));
    return EXIT_OK;
  }

  const input = await readBriefInput(useCase, values.brief, sets, io);
  const core = await import("../core/index.ts");
  const targetResult = core.resolveTarget(kit, useCase, { channel: values.channel, audience: values.audience, region: values.region });
  const problems: Diagnostic[] = [...input.problems, ...targetProblems(targetResult.problems)];
  if (problems.length > 0 || !input.brief || !targetResult.target) {
    for (const d of problems) loaded.printDiagnostic(d);
    if (input.problems.length > 0) printBriefHint(io, useCase, "prompt", values.brief, sets);
    return EXIT_USAGE;
  }

  const { compilePrompt } = await import("../core/prompt/index.ts");
  const prompt = compilePrompt(kit, useCase, input.brief, targetResult.target);
  const output = format === "text" ? promptText(prompt) : await promptJson(prompt, prompt.sections);
  return writePrompt(output, values.copy === true, useCase.id, io);
}

type PromptFields = Pick<CompiledPrompt, "useCase" | "kitVersion" | "useCaseVersion" | "prefixHash" | "target" | "brief" | "messages">;

/** `--format json`: the prompt with token counts (per section when the sections are known). */
async function promptJson(prompt: PromptFields, sections: readonly PromptSection[] | null): Promise<string> {
  const { countTokens, TOKENIZER } = await import("../tokenizer/count-tokens.ts");
  const prefix = countTokens(prompt.messages[0]?.content ?? "");
  const variable = countTokens(prompt.messages[1]?.content ?? "");
  const tokens = {
    tokenizer: TOKENIZER,
    prefix,
    variable,
    total: prefix + variable,
    ...(sections ? { sections: sections.map((s) => ({ id: s.id, title: s.title, part: s.part, tokens: countTokens(s.text) })) } : {}),
  };
  const { useCase, kitVersion, useCaseVersion, prefixHash, target, brief, messages } = prompt;
  return `${JSON.stringify({ useCase, kitVersion, useCaseVersion, prefixHash, target, brief, messages, tokens }, null, 2)}\n`;
}

async function writePrompt(output: string, copy: boolean, useCaseId: string, io: CliIo): Promise<number> {
  if (copy) {
    const copied = await copyToClipboard(output, process.platform, io.env);
    if (copied.ok) {
      io.stderr.write(`onbrand: copied the ${useCaseId} prompt to the clipboard (${[...output].length} characters)\n`);
      return EXIT_OK;
    }
    io.stderr.write(`onbrand: warning: --copy: ${copied.reason}; printing the prompt instead\n`);
  }
  io.stdout.write(output);
  return EXIT_OK;
}

/** The studio's POST /api/prompt: the brief as written here, validated there against its library. */
async function remotePrompt(
  client: StudioClient,
  useCaseId: string,
  values: { brief?: string | undefined; channel?: string | undefined; audience?: string | undefined; region?: string | undefined; help?: boolean | undefined },
  sets: readonly BriefSet[],
  format: (typeof FORMATS)[number],
  io: CliIo,
): Promise<string> {
  if (values.help) throw new UsageError("`--help` for a use case's brief fields reads the local library; with --server, the studio lists them (GET /api/use-cases/<id>)");
  const brief = await readRawBrief(values.brief, sets, io);
  const target = { channel: values.channel, audience: values.audience, region: values.region };
  const prompt = await client.request<PromptFields>("POST", "/api/prompt", { useCase: useCaseId, brief, ...target });
  return format === "text" ? promptText(prompt) : promptJson(prompt, null);
}

async function remoteListing(client: StudioClient): Promise<string> {
  const { items } = await client.request<{ items: { id: string; name: string | null; owner: string | null }[] }>("GET", "/api/use-cases");
  if (items.length === 0) return `The studio's library at ${client.url} has no use cases yet.\n`;
  const width = Math.max(...items.map((u) => u.id.length));
  return items.map((u) => `${u.id.padEnd(width)}  ${u.name ?? ""}${u.owner ? ` (owner: ${u.owner})` : ""}\n`).join("");
}

function listing(library: Library): string {
  if (library.useCases.length === 0) return "The library has no use cases yet: add brand/usecases/<id>.yaml (see docs/usecases.md).\n";
  const width = Math.max(...library.useCases.map((u) => u.id.length));
  return library.useCases
    .map((u) => `${u.id.padEnd(width)}  ${u.name}${u.channels.length > 0 ? ` [${u.channels.join(", ")}]` : ""}${u.owner ? ` (owner: ${u.owner})` : ""}\n`)
    .join("");
}
