import { and, asc, eq, getTableColumns, isNotNull, sql } from "drizzle-orm";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import type { Database } from "./open-store.ts";
import { people, workspaces, type Person, type Role } from "./schema.ts";
import { StoreError, storeErrorFrom } from "./store-error.ts";

/** A person as everyone may see them: whether a password is set, never its hash. */
export type PersonInfo = Omit<Person, "passwordHash"> & { hasPassword: boolean };

const { passwordHash: _passwordHash, ...publicColumns } = getTableColumns(people);
const infoColumns = { ...publicColumns, hasPassword: sql<boolean>`${people.passwordHash} is not null`.as("has_password") };

/**
 * A person without their password hash.
 *
 * @example personInfo(person).hasPassword // true
 */
export function personInfo(person: Person): PersonInfo {
  const { passwordHash, ...rest } = person;
  return { ...rest, hasPassword: passwordHash !== null };
}

/** The form the audit log keeps: whether a password is set, never the hash (as addPerson writes it). */
function audited(person: Person): Record<string, unknown> {
  return { ...person, passwordHash: person.passwordHash === null ? null : "(set)" };
}

/** Emails are stored trimmed and lower-cased; look-ups normalise the same way. */
export function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * The people of a workspace, by name, without password hashes.
 *
 * @example (await listPeople(store.db, workspace.id)).map((p) => p.email)
 */
export async function listPeople(db: Database, workspaceId: string): Promise<PersonInfo[]> {
  if (!isUuid(workspaceId)) return [];
  return db.select(infoColumns).from(people).where(eq(people.workspaceId, workspaceId)).orderBy(asc(people.name), asc(people.email));
}

/**
 * One person of the workspace by id or email, without the password hash; undefined when there is
 * none in this workspace (another workspace's id included).
 *
 * @example await getPerson(store.db, workspace.id, { email: "Maya@Fizzwell.example" })
 */
export async function getPerson(db: Database, workspaceId: string, key: { id: string } | { email: string }): Promise<PersonInfo | undefined> {
  if (!isUuid(workspaceId) || ("id" in key && !isUuid(key.id))) return undefined;
  const match = "id" in key ? eq(people.id, key.id) : eq(people.email, normalEmail(key.email));
  const [found] = await db
    .select(infoColumns)
    .from(people)
    .where(and(eq(people.workspaceId, workspaceId), match));
  return found;
}

/**
 * A person's password hash (null when none is set), for checking their current password.
 *
 * @example await passwordHashOf(store.db, workspace.id, maya.id) // "$scrypt$ln=15,r=8,p=1$…"
 */
export async function passwordHashOf(db: Database, workspaceId: string, personId: string): Promise<string | null> {
  if (!isUuid(workspaceId) || !isUuid(personId)) return null;
  const [found] = await db
    .select({ passwordHash: people.passwordHash })
    .from(people)
    .where(and(eq(people.workspaceId, workspaceId), eq(people.id, personId)));
  return found?.passwordHash ?? null;
}

/** A person who may sign in with a password, with the name of their workspace. */
export interface SignInCandidate {
  person: Person;
  workspaceName: string;
}

/**
 * Everyone with this email and a password, in any workspace. Sign-in is the one look-up that
 * crosses workspaces: the caller has not said which is theirs yet, and an email is unique only
 * within one.
 *
 * @example const candidates = await signInCandidates(store.db, "maya@fizzwell.example");
 */
export async function signInCandidates(db: Database, email: string): Promise<SignInCandidate[]> {
  return db
    .select({ person: people, workspaceName: workspaces.name })
    .from(people)
    .innerJoin(workspaces, eq(workspaces.id, people.workspaceId))
    .where(and(eq(people.email, normalEmail(email)), isNotNull(people.passwordHash)))
    .orderBy(asc(people.createdAt), asc(people.id));
}

/** What an admin may change about a person (not the email: it is how they sign in). */
export interface PersonChanges {
  name?: string;
  role?: Role;
  team?: string | null;
  region?: string | null;
  champion?: boolean;
}

/**
 * Changes a person of the workspace and audits it (`person.update`, before and after). Demoting
 * the workspace's last admin is a `conflict`: nobody could manage the workspace afterwards.
 *
 * @example await updatePerson(store.db, workspace.id, sam.id, { role: "reviewer", team: "Retail" }, admin.id);
 */
export async function updatePerson(db: Database, workspaceId: string, personId: string, changes: PersonChanges, actorId: ActorId): Promise<PersonInfo> {
  try {
    return await db.transaction(async (tx) => {
      // A role change first locks every admin row, in one order: two admins demoting each other at
      // once then run one after the other, and the second sees that only it is left.
      const admins = changes.role === undefined || !isUuid(workspaceId)
        ? []
        : await tx
            .select({ id: people.id })
            .from(people)
            .where(and(eq(people.workspaceId, workspaceId), eq(people.role, "admin")))
            .orderBy(asc(people.id))
            .for("update");
      const before = await lockPerson(tx, workspaceId, personId);
      if (Object.keys(changes).length === 0) return personInfo(before);
      if (before.role === "admin" && changes.role !== undefined && changes.role !== "admin" && admins.length <= 1) {
        throw new StoreError("conflict", `role: ${before.email} is the workspace's last admin; make someone else an admin first, then change this role`);
      }
      const [after] = await tx.update(people).set(changes).where(eq(people.id, personId)).returning();
      if (!after) throw new Error(`update of person ${personId} returned no row`);
      await appendAudit(tx, { workspaceId, actorId, action: "person.update", entityType: "person", entityId: personId, before: audited(before), after: audited(after) });
      return personInfo(after);
    });
  } catch (error) {
    throw storeErrorFrom(error, "changing a person");
  }
}

/**
 * Sets a person's password hash (the caller hashes it) and audits it as `person.set_password`,
 * recording that a password is set and never the hash.
 *
 * @example await setPasswordHash(store.db, workspace.id, maya.id, await hashPassword(password), maya.id);
 */
export async function setPasswordHash(db: Database, workspaceId: string, personId: string, passwordHash: string, actorId: ActorId): Promise<PersonInfo> {
  try {
    return await db.transaction(async (tx) => {
      const before = await lockPerson(tx, workspaceId, personId);
      const [after] = await tx.update(people).set({ passwordHash }).where(eq(people.id, personId)).returning();
      if (!after) throw new Error(`update of person ${personId} returned no row`);
      await appendAudit(tx, {
        workspaceId,
        actorId,
        action: "person.set_password",
        entityType: "person",
        entityId: personId,
        before: { passwordHash: audited(before).passwordHash },
        after: { passwordHash: "(set)" },
      });
      return personInfo(after);
    });
  } catch (error) {
    throw storeErrorFrom(error, "setting a password");
  }
}

/**
 * Whether some admin of the workspace can sign in with a password. When none can, `onbrand serve`
 * prints a one-time setup link (see createSetupInvite).
 *
 * @example if (!(await hasAdminWithPassword(store.db, workspace.id))) print(setupLink);
 */
export async function hasAdminWithPassword(db: Database, workspaceId: string): Promise<boolean> {
  if (!isUuid(workspaceId)) return false;
  const [found] = await db
    .select({ id: people.id })
    .from(people)
    .where(and(eq(people.workspaceId, workspaceId), eq(people.role, "admin"), isNotNull(people.passwordHash)))
    .limit(1);
  return found !== undefined;
}

async function lockPerson(tx: Database, workspaceId: string, personId: string): Promise<Person> {
  const [found] = isUuid(workspaceId) && isUuid(personId)
    ? await tx
        .select()
        .from(people)
        .where(and(eq(people.id, personId), eq(people.workspaceId, workspaceId)))
        .for("update")
    : [];
  if (!found) throw new StoreError("not_found", `there is no person ${personId} in this workspace`);
  return found;
}
