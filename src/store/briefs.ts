import { and, desc, eq, getTableColumns, type SQL } from "drizzle-orm";
import { type FieldProblem, validateBrief } from "../core/library/brief.ts";
import { appendAudit, type ActorId } from "./audit.ts";
import { isUuid } from "./ids.ts";
import type { Database } from "./open-store.ts";
import { afterTimeKey, decodeTimeKey, type Page, pageOf, pageSize, timeKeyText } from "./pagination.ts";
import { briefs, type BriefRow, useCases } from "./schema.ts";
import { StoreError, storeErrorFrom } from "./store-error.ts";
import { defaultBrand, getUseCase, useCaseSpecOf } from "./use-cases.ts";

/** A brief as the studio shows it: the row and its use case's library id. */
export interface StoredBrief extends BriefRow {
  /** The use case's library id (`email`). */
  useCase: string;
}

/**
 * A brief that does not fit its use case's inputs: every bad field, each with its path inside the
 * brief (`["product"]`), what is wrong and the fix. An `invalid_value` StoreError, so anything that
 * does not look at `problems` still answers 400 with all of them in the message.
 *
 * @example
 * catch (error) { if (error instanceof BriefError) error.problems.map((p) => p.path.join(".")) } // ["product", "count"]
 */
export class BriefError extends StoreError {
  readonly problems: FieldProblem[];
  constructor(useCaseId: string, problems: FieldProblem[]) {
    const list = problems.map((p) => `${p.path.length > 0 ? `${p.path.join(".")}: ` : ""}${p.message} (${p.fix})`).join("; ");
    super("invalid_value", `the brief does not fit use case "${useCaseId}": ${list}`);
    this.problems = problems;
  }
}

export interface NewBrief {
  /** The use case's library id (`email`), as in the workspace folder and the CLI; its current version checks the values. */
  useCaseId: string;
  /** Brief field -> value, as a brief file or the studio's form gives them. */
  values: Record<string, unknown>;
}

/**
 * Saves a filled brief for a use case of the library. The values are validated with the core's
 * validateBrief against the use case's current version, and stored as it returns them: coerced
 * (`"12"` for a number input is 12) with defaults filled in, so a prompt compiled from the stored
 * brief is the one the creator saw. Bad values are a BriefError naming every field; a use case
 * the workspace does not have (or removed) is `not_found`.
 *
 * @example
 * const brief = await createBrief(store.db, workspace.id, { useCaseId: "email", values: { product: "Fizzwell Zero" } }, actorId);
 */
export async function createBrief(db: Database, workspaceId: string, input: NewBrief, actorId: ActorId): Promise<StoredBrief> {
  const useCase = await getUseCase(db, workspaceId, input.useCaseId);
  const file = useCase?.currentVersion?.file;
  if (!useCase || file === undefined) {
    throw new StoreError("not_found", `useCase: there is no use case "${input.useCaseId}" in this workspace's library; GET /api/use-cases lists them`);
  }
  const spec = useCaseSpecOf(file);
  if (!spec) throw new StoreError("invalid_value", `use case "${input.useCaseId}" has a current version that does not parse: save a fixed version first`);
  const { brief, problems } = validateBrief(spec, input.values);
  if (!brief) throw new BriefError(input.useCaseId, problems);
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx.insert(briefs).values({ workspaceId, useCaseId: useCase.id, values: brief, createdBy: actorId }).returning();
      if (!row) throw new Error("insert into briefs returned no row");
      await appendAudit(tx, { workspaceId, actorId, action: "brief.create", entityType: "brief", entityId: row.id, after: { ...row, useCase: input.useCaseId } });
      return { ...row, useCase: input.useCaseId };
    });
  } catch (error) {
    throw storeErrorFrom(error, "saving a brief");
  }
}

const briefColumns = { ...getTableColumns(briefs), useCase: useCases.useCaseId };

/**
 * One brief of the workspace, or undefined (also for another workspace's id).
 *
 * @example (await getBrief(store.db, workspace.id, id))?.values.product // "Fizzwell Zero"
 */
export async function getBrief(db: Database, workspaceId: string, id: string): Promise<StoredBrief | undefined> {
  if (!isUuid(workspaceId) || !isUuid(id)) return undefined;
  const [row] = await db
    .select(briefColumns)
    .from(briefs)
    .innerJoin(useCases, and(eq(useCases.id, briefs.useCaseId), eq(useCases.workspaceId, briefs.workspaceId)))
    .where(and(eq(briefs.workspaceId, workspaceId), eq(briefs.id, id)));
  return row;
}

export interface BriefFilter {
  /** Only briefs of this use case (its library id). */
  useCaseId?: string;
  /** At most this many (default 50, at most 200). */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * A page of the workspace's briefs, newest first, and the cursor of the next page.
 *
 * @example (await listBriefs(store.db, workspace.id, { useCaseId: "email" })).items.length
 */
export async function listBriefs(db: Database, workspaceId: string, filter: BriefFilter = {}): Promise<Page<StoredBrief>> {
  const limit = pageSize(filter.limit);
  const after = filter.cursor === undefined ? undefined : decodeTimeKey(filter.cursor);
  if (!isUuid(workspaceId)) return { items: [], nextCursor: null };
  const conditions: SQL[] = [eq(briefs.workspaceId, workspaceId)];
  if (filter.useCaseId !== undefined) {
    const brand = await defaultBrand(db, workspaceId);
    if (!brand) return { items: [], nextCursor: null };
    conditions.push(eq(useCases.useCaseId, filter.useCaseId), eq(useCases.brandId, brand.id));
  }
  if (after) conditions.push(afterTimeKey(briefs.createdAt, briefs.id, after));
  const found = await db
    .select({ ...briefColumns, cursorAt: timeKeyText(briefs.createdAt) })
    .from(briefs)
    .innerJoin(useCases, and(eq(useCases.id, briefs.useCaseId), eq(useCases.workspaceId, briefs.workspaceId)))
    .where(and(...conditions))
    .orderBy(desc(briefs.createdAt), desc(briefs.id))
    .limit(limit + 1);
  const page = pageOf(found, limit, (row) => [row.cursorAt, row.id]);
  return { items: page.items.map(({ cursorAt: _, ...brief }) => brief), nextCursor: page.nextCursor };
}
