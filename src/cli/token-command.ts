import { UsageError } from "../core/errors.ts";
import { type CliIo, EXIT_OK } from "./cli-io.ts";
import { openLocalStore } from "./local-store.ts";
import { localWorkspace } from "./local-workspace.ts";
import { parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand token create --email EMAIL [--name NAME] [--workspace NAME]

Creates an API token for a person of a workspace of the studio's store, for the CLI's --server
and for CI. The token is printed once, alone on stdout, so a script can capture it; only its hash
is stored. Put it in ONBRAND_TOKEN. The store is PostgreSQL when DATABASE_URL is set, else
.onbrand/data next to the nearest onbrand.yaml (or in this folder); with the embedded store, stop
\`onbrand serve\` first. Signed in to the studio, POST /api/tokens does the same. See
docs/accounts.md.

Options
  --email EMAIL      whose token it is (a person of the workspace; \`onbrand user add\` adds one)
  --name NAME        what it is for, to tell tokens apart (default "CLI")
  --workspace NAME   the person's workspace; needed when the store has several
  -h, --help         show this help

Exit codes: 0 created, 2 usage errors (a missing option, no such person or workspace).
`;

const OPTIONS = {
  email: { type: "string" },
  name: { type: "string" },
  workspace: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** `onbrand token create`: see `usage` and docs/accounts.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("token", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  const [subcommand, ...extra] = positionals;
  if (subcommand !== "create") {
    throw new UsageError(subcommand === undefined ? "token needs a subcommand: `onbrand token create`; run `onbrand token --help`" : `unknown subcommand "token ${subcommand}"; the one there is is \`onbrand token create\``);
  }
  if (extra.length > 0) throw new UsageError(`token create takes no arguments besides its options (got "${extra.join(" ")}"); run \`onbrand token --help\``);
  const email = values.email?.trim() ?? "";
  if (email === "") throw new UsageError("token create needs --email, the person whose token it is; run `onbrand token --help`");
  const name = values.name?.trim() ?? "CLI";
  if (name === "") throw new UsageError('--name must not be empty; say what the token is for, e.g. --name "CI"');

  const { getPerson } = await import("../store/people.ts");
  const { createApiToken } = await import("../store/api-tokens.ts");
  const store = await openLocalStore(io);
  try {
    const workspace = await localWorkspace(store, values.workspace);
    const person = await getPerson(store.db, workspace.id, { email });
    if (!person) throw new UsageError(`there is no person ${email.toLowerCase()} in workspace "${workspace.name}": add them with \`onbrand user add\``);
    const { token, info } = await createApiToken(store.db, workspace.id, { personId: person.id, name }, null);
    io.stdout.write(`${token}\n`);
    io.stderr.write(
      `Created API token "${info.name}" (${info.prefix}…) for ${person.email} (${person.role}) in workspace "${workspace.name}". ` +
        "It is shown this once: store it now, e.g. as the secret ONBRAND_TOKEN.\n",
    );
  } finally {
    await store.close();
  }
  return EXIT_OK;
}
