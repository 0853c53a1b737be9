import { UsageError } from "../core/errors.ts";
import { readTextStream } from "../node/read-text-file.ts";
import { ROLES, type Role } from "../store/schema.ts";
import { type CliIo, EXIT_OK } from "./cli-io.ts";
import { openLocalStore } from "./local-store.ts";
import { localWorkspace } from "./local-workspace.ts";
import { oneOf, parseCommandArgs } from "./parse-options.ts";

export const usage = `Usage: onbrand user add --email EMAIL --name NAME (--role ROLE | --admin) [options]

Adds a person to a workspace of the studio's store, e.g. the first admin before \`onbrand serve\`.
The store is PostgreSQL when DATABASE_URL is set, else .onbrand/data next to the nearest
onbrand.yaml (or in this folder); with the embedded store, stop \`onbrand serve\` first. With
--password-stdin the person can sign in at once; without, a one-time link (valid 24 hours) is
printed for them to choose a password. See docs/accounts.md.

Options
  --email EMAIL      the email they sign in with
  --name NAME        their name, as the studio shows it
  --role ROLE        admin, champion, creator, reviewer or viewer
  --admin            the same as --role admin
  --team TEAM        their team, e.g. "Lifecycle marketing"
  --region REGION    their region, e.g. "EMEA"
  --champion         mark them as a brand champion
  --password-stdin   read their password from stdin (12 to 1024 characters; a final newline is
                     dropped), e.g. \`printf %s "$PASSWORD" | onbrand user add ...\`
  --workspace NAME   the workspace to add them to; needed when the store has several
  -h, --help         show this help

Exit codes: 0 added, 2 usage errors (a missing option, an email already taken, a password too
short, no workspace in the store).
`;

const OPTIONS = {
  email: { type: "string" },
  name: { type: "string" },
  role: { type: "string" },
  admin: { type: "boolean" },
  team: { type: "string" },
  region: { type: "string" },
  champion: { type: "boolean" },
  "password-stdin": { type: "boolean" },
  workspace: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The largest password read from stdin, in bytes: well above 1024 characters of any script. */
const MAX_PASSWORD_BYTES = 8 * 1024;

/** `onbrand user add`: see `usage` and docs/accounts.md. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs("user", argv, OPTIONS);
  if (values.help) {
    io.stdout.write(usage);
    return EXIT_OK;
  }
  const [subcommand, ...extra] = positionals;
  if (subcommand !== "add") {
    throw new UsageError(subcommand === undefined ? "user needs a subcommand: `onbrand user add`; run `onbrand user --help`" : `unknown subcommand "user ${subcommand}"; the one there is is \`onbrand user add\``);
  }
  if (extra.length > 0) throw new UsageError(`user add takes no arguments besides its options (got "${extra.join(" ")}"); run \`onbrand user --help\``);
  const email = required(values.email, "--email");
  const name = required(values.name, "--name");
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError(`--email must be an email address like maya@fizzwell.example (got "${email}")`);
  if (values.admin && values.role !== undefined && values.role !== "admin") throw new UsageError(`--admin and --role ${values.role} disagree; give one of them`);
  if (!values.admin && values.role === undefined) throw new UsageError("user add needs --role ROLE (admin, champion, creator, reviewer or viewer) or --admin");
  const role: Role = values.admin ? "admin" : oneOf("--role", values.role ?? "", ROLES);

  const { hashPassword, passwordProblem } = await import("../studio/passwords.ts");
  let passwordHash: string | null = null;
  if (values["password-stdin"]) {
    const password = await readPassword(io);
    const problem = passwordProblem(password);
    if (problem !== undefined) throw new UsageError(`the password from stdin ${problem}`);
    passwordHash = await hashPassword(password);
  }

  const { addPerson } = await import("../store/workspaces.ts");
  const { createInvite, SETUP_INVITE_TTL_MS } = await import("../store/sessions.ts");
  const { setupPath } = await import("../server/routes/people.ts");
  const store = await openLocalStore(io);
  try {
    const workspace = await localWorkspace(store, values.workspace);
    const input = { email, name, role, team: values.team ?? null, region: values.region ?? null, champion: values.champion === true, passwordHash };
    const person = await store.db.transaction(async (tx) => {
      const added = await addPerson(tx, workspace.id, input, null);
      const link = passwordHash === null ? await createInvite(tx, workspace.id, { role, email: added.email, ttlMs: SETUP_INVITE_TTL_MS }, null) : null;
      return { ...added, link };
    });
    io.stdout.write(`Added ${person.name} <${person.email}> to workspace "${workspace.name}" as ${person.role}${person.champion ? " (champion)" : ""}; id ${person.id}\n`);
    if (person.link !== null) {
      io.stdout.write(
        `They have no password yet. Send them this one-time link (valid until ${person.link.invite.expiresAt.toISOString()}) to choose one, on the studio's address:\n` +
          `  ${setupPath(person.link.token)}\n`,
      );
    }
  } finally {
    await store.close();
  }
  return EXIT_OK;
}

function required(value: string | undefined, option: string): string {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") throw new UsageError(`user add needs ${option}; run \`onbrand user --help\``);
  return trimmed;
}

async function readPassword(io: CliIo): Promise<string> {
  const read = await readTextStream(io.stdin, MAX_PASSWORD_BYTES);
  if (!read.ok) throw new UsageError(`--password-stdin: ${read.message}`);
  // `echo` adds a newline, which is not part of the password; other whitespace is.
  return read.text.replace(/\r?\n$/, "");
}
