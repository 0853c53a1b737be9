import { eq } from "drizzle-orm";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import type { Database } from "./open-store.ts";
import { brands, people, workspaces, type Brand, type Person, type Role, type Workspace } from "./schema.ts";
import { sqlState, StoreError, storeErrorFrom } from "./store-error.ts";

export interface NewWorkspace {
  name: string;
  settings?: Record<string, unknown>;
}

/**
 * Creates a workspace (and its audit entry).
 *
 * @example
 * const workspace = await createWorkspace(store.db, { name: "Fizzwell" });
 */
export async function createWorkspace(db: Database, input: NewWorkspace, actorId: ActorId = null): Promise<Workspace> {
  return db.transaction(async (tx) => {
    const [workspace] = await tx
      .insert(workspaces)
      .values({ name: input.name, settings: input.settings ?? {} })
      .returning();
    if (!workspace) throw new Error("insert into workspaces returned no row");
    await appendAudit(tx, { workspaceId: workspace.id, actorId, action: "workspace.create", entityType: "workspace", entityId: workspace.id, after: workspace });
    return workspace;
  });
}

export interface NewPerson {
  email: string;
  name: string;
  role: Role;
  team?: string | null;
  region?: string | null;
  champion?: boolean;
  passwordHash?: string | null;
}

/**
 * Adds a person to a workspace. The email is stored trimmed and lower-cased; a second person with
 * the same email in the workspace is an `already_exists` StoreError.
 *
 * @example
 * await addPerson(store.db, workspace.id, { email: "maya@fizzwell.example", name: "Maya", role: "champion", champion: true }, null);
 */
export async function addPerson(db: Database, workspaceId: string, input: NewPerson, actorId: ActorId): Promise<Person> {
  const email = input.email.trim().toLowerCase();
  try {
    return await db.transaction(async (tx) => {
      const [person] = await tx
        .insert(people)
        .values({ ...input, workspaceId, email })
        .returning();
      if (!person) throw new Error("insert into people returned no row");
      await appendAudit(tx, { workspaceId, actorId, action: "person.create", entityType: "person", entityId: person.id, after: withoutSecrets(person) });
      return person;
    });
  } catch (error) {
    if (sqlState(error) === "23505") {
      throw new StoreError("already_exists", `email: ${email} is already a person in this workspace: use another email, or change that person instead`);
    }
    throw storeErrorFrom(error, "adding a person");
  }
}

/** A person as the audit log keeps them: whether a password is set, never its hash. */
function withoutSecrets(person: Person): Record<string, unknown> {
  return { ...person, passwordHash: person.passwordHash === null ? null : "(set)" };
}

/**
 * Creates a brand in a workspace; its kit versions follow with saveKitVersion.
 *
 * @example
 * const brand = await createBrand(store.db, workspace.id, "Fizzwell", actorId);
 */
export async function createBrand(db: Database, workspaceId: string, name: string, actorId: ActorId): Promise<Brand> {
  try {
    return await db.transaction(async (tx) => {
      const [brand] = await tx.insert(brands).values({ workspaceId, name }).returning();
      if (!brand) throw new Error("insert into brands returned no row");
      await appendAudit(tx, { workspaceId, actorId, action: "brand.create", entityType: "brand", entityId: brand.id, after: brand });
      return brand;
    });
  } catch (error) {
    if (sqlState(error) === "23505") {
      throw new StoreError("already_exists", `name: a brand named "${name}" already exists in this workspace: pick another name`);
    }
    throw storeErrorFrom(error, "creating a brand");
  }
}

/**
 * Merges `settings` into a workspace's settings (a key set to null is removed), audited with the
 * settings before and after.
 *
 * @example await updateWorkspaceSettings(store.db, workspace.id, { allowSelfApproval: true }, admin.id);
 */
export async function updateWorkspaceSettings(db: Database, workspaceId: string, settings: Record<string, unknown>, actorId: ActorId): Promise<Workspace> {
  return db.transaction(async (tx) => {
    const [before] = isUuid(workspaceId) ? await tx.select().from(workspaces).where(eq(workspaces.id, workspaceId)).for("update") : [];
    if (!before) throw new StoreError("not_found", `there is no workspace ${workspaceId}`);
    const merged: Record<string, unknown> = { ...before.settings };
    for (const [key, value] of Object.entries(settings)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    const [after] = await tx.update(workspaces).set({ settings: merged }).where(eq(workspaces.id, workspaceId)).returning();
    if (!after) throw new Error(`update of workspace ${workspaceId} returned no row`);
    await appendAudit(tx, { workspaceId, actorId, action: "workspace.update", entityType: "workspace", entityId: workspaceId, before: { settings: before.settings }, after: { settings: after.settings } });
    return after;
  });
}
