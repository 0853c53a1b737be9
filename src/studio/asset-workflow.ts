import { checkParsed } from "../core/engine/check.ts";
import type { Kit } from "../core/engine/load-kit.ts";
import { InputError, OnbrandError, withFix } from "../core/errors.ts";
import type { Finding } from "../core/findings.ts";
import { checkOutput } from "../core/library/check-output.ts";
import type { UseCase } from "../core/library/library.ts";
import { resolveTarget } from "../core/library/target.ts";
import { structuredAsset } from "../core/parse/structured.ts";
import { type AssetChanges, createAsset, getAsset, type NewAsset, updateAsset } from "../store/assets.ts";
import { latestCheck, recordCheck } from "../store/checks.ts";
import { recordEvent } from "../store/events.ts";
import type { Database } from "../store/open-store.ts";
import { createReview, SELF_APPROVAL_SETTING, selfApprovalAllowed } from "../store/reviews.ts";
import type { Asset, AssetStatus, CheckRow, Review, ReviewDecision } from "../store/schema.ts";
import { StoreError } from "../store/store-error.ts";
import type { KitCache } from "./workspace-kit.ts";

/** What can happen to an asset. `check` is the first check of a new asset; `edit` re-checks. */
export const WORKFLOW_ACTIONS = ["check", "edit", "submit", "approve", "reject", "request_changes", "publish"] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];

/**
 * The workflow as data: for each status, the actions it allows and the status each leads to. Every
 * rule about which step may follow which lives here; docs/workflow.md prints this table.
 */
export const TRANSITIONS = {
  draft: { check: "checked", edit: "checked" },
  checked: { edit: "checked", submit: "in_review" },
  in_review: { edit: "checked", approve: "approved", reject: "rejected", request_changes: "changes_requested" },
  approved: { edit: "checked", publish: "published" },
  rejected: { edit: "checked" },
  changes_requested: { edit: "checked" },
  published: {},
} as const satisfies Record<AssetStatus, Partial<Record<WorkflowAction, AssetStatus>>>;

/** How an action is said in messages ("it cannot be submitted"). */
const DONE: Record<WorkflowAction, string> = {
  check: "checked",
  edit: "edited",
  submit: "submitted for review",
  approve: "approved",
  reject: "rejected",
  request_changes: "sent back with changes requested",
  publish: "published",
};

export const WORKFLOW_ERROR_CODES = ["invalid_transition", "override_required", "self_review", "invalid_request"] as const;
export type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

/**
 * A workflow rule refused a step: `invalid_transition` (not from this status), `override_required`
 * (approving over error-level findings), `self_review` (reviewing one's own asset), or
 * `invalid_request` (a reason, dismissed finding or channel that is wrong; `details` names each).
 *
 * @example
 * new WorkflowError("invalid_transition", "asset 3f… is draft: it cannot be published; allowed now: check, edit")
 */
export class WorkflowError extends OnbrandError {
  declare readonly code: WorkflowErrorCode;
  readonly details: { path: string; message: string }[];
  constructor(code: WorkflowErrorCode, message: string, details: { path: string; message: string }[] = []) {
    super(code, message);
    this.details = details;
  }
}

/**
 * The actions an asset's status allows, in the table's order.
 *
 * @example allowedActions("in_review") // ["edit", "approve", "reject", "request_changes"]
 */
export function allowedActions(status: AssetStatus): WorkflowAction[] {
  return Object.keys(TRANSITIONS[status]) as WorkflowAction[];
}

/**
 * The status `action` leads to from `status`, or an `invalid_transition` WorkflowError naming the
 * current status and the actions it allows.
 *
 * @example nextStatus("checked", "submit") // "in_review"
 */
export function nextStatus(asset: Pick<Asset, "id" | "status">, action: WorkflowAction): AssetStatus {
  const next = (TRANSITIONS[asset.status] as Partial<Record<WorkflowAction, AssetStatus>>)[action];
  if (next !== undefined) return next;
  if (asset.status === "published" && action === "edit") {
    throw new WorkflowError(
      "invalid_transition",
      `asset ${asset.id} is published: a published asset cannot be edited; create a new asset, or a variant of it (POST /api/assets with kind "variant" and parentAssetId)`,
    );
  }
  const allowed = allowedActions(asset.status);
  throw new WorkflowError(
    "invalid_transition",
    `asset ${asset.id} is ${asset.status}: it cannot be ${DONE[action]}; allowed now: ${allowed.length > 0 ? allowed.join(", ") : "nothing (it is final)"}`,
  );
}

/**
 * A finding's key, stable for one check: `rule@field:line:column` (field empty for plain text).
 * Reviewers dismiss findings by key or by index in the check.
 *
 * @example findingKey({ rule: "Brand.Claims.superlative", field: "body", line: 1, column: 17, ... }) // "Brand.Claims.superlative@body:1:17"
 */
export function findingKey(finding: Pick<Finding, "rule" | "field" | "line" | "column">): string {
  return `${finding.rule}@${finding.field ?? ""}:${finding.line}:${finding.column}`;
}

/** Who is acting, where, with what: the database (or a transaction) and the workspace's kits. */
export interface WorkflowContext {
  db: Database;
  kits: KitCache;
  workspaceId: string;
  /** The acting person; null for the system. */
  personId: string | null;
}

export interface CheckedAsset {
  asset: Asset;
  check: CheckRow;
}

/**
 * Creates an asset and checks it at once with the workspace's current kit: the asset is written as
 * `draft` and moves to `checked` with its check row, all in one transaction (so the audit log shows
 * the creation and the draft -> checked step). Its kit version is the one it was checked with
 * unless the input names one (a generated variant's). An unknown channel is an `invalid_request`
 * on `channel`, before anything is written.
 *
 * @example
 * const { asset, check } = await createCheckedAsset(ctx, { kind: "master", title: "Zero launch", fields: { subject: "Meet Zero" }, channel: "email" });
 * asset.status // "checked"
 */
export async function createCheckedAsset(ctx: WorkflowContext, input: NewAsset): Promise<CheckedAsset> {
  const { kit, kitVersion, useCase } = await ctx.kits.forAsset(ctx.db, ctx.workspaceId, input.useCaseId);
  const result = checkAssetCopy(kit, useCase, input);
  return ctx.db.transaction(async (tx) => {
    const draft = await createAsset(tx, ctx.workspaceId, { ...input, status: "draft", kitVersionId: input.kitVersionId ?? kitVersion.id }, ctx.personId);
    await recordEvent(tx, ctx.workspaceId, {
      personId: ctx.personId,
      type: "asset.created",
      data: { assetId: draft.id, kind: draft.kind, channel: draft.channel, useCaseId: draft.useCaseId, parentAssetId: draft.parentAssetId, generationRunId: draft.generationRunId },
    });
    return checkedStep(tx, ctx, draft, draft.version, "check", {}, kitVersion.id, result);
  });
}

/** What an edit may change: the copy and where it runs; never the status or the lineage. */
export type AssetEdit = Omit<AssetChanges, "status">;

/**
 * Edits an asset made at `expectedVersion` and re-checks it with the current kit: a new check row,
 * and the asset back to `checked` from any status but `published` (which cannot be edited:
 * `invalid_transition`). Someone else's edit in between is a `conflict` StoreError naming both
 * versions; an asset of another workspace is `not_found`.
 *
 * @example
 * const { asset } = await editAsset(ctx, id, 3, { fields: { subject: "Meet Fizzwell Zero" } });
 * asset.status // "checked"; asset.version // 4
 */
export async function editAsset(ctx: WorkflowContext, id: string, expectedVersion: number, changes: AssetEdit): Promise<CheckedAsset> {
  const current = await requireAsset(ctx, id);
  nextStatus(current, "edit");
  const { kit, kitVersion, useCase } = await ctx.kits.forAsset(ctx.db, ctx.workspaceId, current.useCaseId);
  const result = checkAssetCopy(kit, useCase, { ...current, ...changes });
  return ctx.db.transaction((tx) => checkedStep(tx, ctx, current, expectedVersion, "edit", changes, kitVersion.id, result));
}

/**
 * `checked` -> `in_review`. `expectedVersion` (default: the version read now) guards against a
 * change in between.
 *
 * @example await submitAsset(ctx, id) // status "in_review"
 */
export async function submitAsset(ctx: WorkflowContext, id: string, expectedVersion?: number): Promise<Asset> {
  return simpleStep(ctx, id, "submit", expectedVersion, "asset.submitted");
}

/**
 * `approved` -> `published`.
 *
 * @example await publishAsset(ctx, id) // status "published"
 */
export async function publishAsset(ctx: WorkflowContext, id: string, expectedVersion?: number): Promise<Asset> {
  return simpleStep(ctx, id, "publish", expectedVersion, "asset.published");
}

export interface ReviewInput {
  decision: ReviewDecision;
  /** Required to reject, to request changes, and to approve over error-level findings. */
  reason?: string | null;
  /** Findings of the latest check dismissed as false positives: indexes in it, or `findingKey`s. */
  dismissedFindings?: (number | string)[];
  /** Approve although error-level findings remain (with a reason). */
  override?: boolean;
  /** The asset version reviewed (default: the version read now). */
  expectedVersion?: number;
}

/**
 * Records a review decision on an asset `in_review` and moves it to `approved`, `rejected` or
 * `changes_requested`, in one transaction with the review row. The rules:
 * - the asset's creator may not review it unless the workspace allows it (`allowSelfApproval`);
 * - reject and request_changes need a reason;
 * - approving while error-level findings of the latest check remain (not dismissed) needs
 *   `override: true` and a reason; the review then records `override: true`.
 *
 * @example
 * await reviewAsset(ctx, id, { decision: "approve", override: true, reason: "Legal cleared the claim", dismissedFindings: [0] });
 */
export async function reviewAsset(ctx: WorkflowContext, id: string, input: ReviewInput): Promise<{ asset: Asset; review: Review }> {
  const reviewerId = ctx.personId;
  if (reviewerId === null) throw new WorkflowError("invalid_request", "a review is a person's decision: act as a person of the workspace");
  const current = await requireAsset(ctx, id);
  const status = nextStatus(current, input.decision);
  if (current.createdBy === reviewerId && !(await selfApprovalAllowed(ctx.db, ctx.workspaceId))) {
    throw new WorkflowError(
      "self_review",
      `you created asset ${id}, and this workspace does not let people review their own assets: ask another reviewer, or ask an admin to turn on the workspace setting ${SELF_APPROVAL_SETTING}`,
    );
  }
  const reason = input.reason?.trim() || null;
  if (input.decision !== "approve" && reason === null) {
    throw new WorkflowError("invalid_request", `a reason is required to ${input.decision === "reject" ? "reject" : "request changes"}: say what is wrong`, [
      { path: "reason", message: "required for this decision; say what is wrong so the creator can fix it" },
    ]);
  }
  const latest = await latestCheck(ctx.db, ctx.workspaceId, id);
  const dismissed = dismissedOf(latest, input.dismissedFindings ?? []);
  const remaining = input.decision === "approve" && latest ? latest.findings.map((f, index) => ({ f, index })).filter(({ f, index }) => f.level === "error" && !dismissed.has(index)) : [];
  if (remaining.length > 0 && input.override !== true) {
    throw new WorkflowError(
      "override_required",
      `asset ${id} has ${remaining.length} error-level finding${remaining.length === 1 ? "" : "s"} in its latest check: fix the asset, dismiss false positives (dismissedFindings), or approve with override: true and a reason`,
      remaining.map(({ f, index }) => ({ path: `findings[${index}]`, message: `${findingKey(f)}: ${f.message}` })),
    );
  }
  if (remaining.length > 0 && reason === null) {
    throw new WorkflowError("invalid_request", "approving over error-level findings needs a reason: say why they are acceptable", [
      { path: "reason", message: "required with override; say why the findings are acceptable" },
    ]);
  }
  return ctx.db.transaction(async (tx) => {
    const asset = await updateAsset(tx, ctx.workspaceId, id, input.expectedVersion ?? current.version, { status }, ctx.personId);
    const dismissedFindings = latest ? [...dismissed].sort((a, b) => a - b).map((i) => latest.findings[i] as Finding) : [];
    const override = remaining.length > 0;
    const review = await createReview(
      tx,
      ctx.workspaceId,
      { assetId: id, reviewerId, decision: input.decision, reason, override, dismissedFindings },
      ctx.personId,
    );
    await recordEvent(tx, ctx.workspaceId, {
      personId: ctx.personId,
      type: `review.${input.decision}`,
      data: { assetId: id, reviewId: review.id, override, dismissed: dismissedFindings.length, errors: latest?.errors ?? 0 },
    });
    return { asset, review };
  });
}

/** The indexes of the latest check's findings named by index or key; each unknown one is an `invalid_request` detail. */
function dismissedOf(latest: CheckRow | undefined, named: (number | string)[]): Set<number> {
  const findings = latest?.findings ?? [];
  const byKey = new Map(findings.map((f, i) => [findingKey(f), i]));
  const indexes = new Set<number>();
  const problems: { path: string; message: string }[] = [];
  named.forEach((entry, i) => {
    const index = typeof entry === "number" ? (Number.isInteger(entry) && entry >= 0 && entry < findings.length ? entry : undefined) : byKey.get(entry);
    if (index === undefined) {
      const range = findings.length === 0 ? "it has no findings" : `its findings are 0 to ${findings.length - 1}`;
      problems.push({ path: `dismissedFindings[${i}]`, message: `no finding ${JSON.stringify(entry)} in the asset's latest check (${range}); use an index or a key (rule@field:line:column) of that check` });
    } else indexes.add(index);
  });
  if (problems.length > 0) throw new WorkflowError("invalid_request", "some dismissed findings are not in the asset's latest check: see details", problems);
  return indexes;
}

async function requireAsset(ctx: WorkflowContext, id: string): Promise<Asset> {
  const asset = await getAsset(ctx.db, ctx.workspaceId, id);
  if (!asset) throw new StoreError("not_found", `there is no asset ${id} in this workspace`);
  return asset;
}

/** A step that changes only the status, with its usage event, in one transaction. */
async function simpleStep(ctx: WorkflowContext, id: string, action: "submit" | "publish", expectedVersion: number | undefined, event: string): Promise<Asset> {
  const current = await requireAsset(ctx, id);
  const status = nextStatus(current, action);
  return ctx.db.transaction(async (tx) => {
    const asset = await updateAsset(tx, ctx.workspaceId, id, expectedVersion ?? current.version, { status }, ctx.personId);
    await recordEvent(tx, ctx.workspaceId, { personId: ctx.personId, type: event, data: { assetId: id } });
    return asset;
  });
}

/** Applies `changes` and the status `action` leads to, then stores the check of the result and its event. */
async function checkedStep(
  tx: Database,
  ctx: WorkflowContext,
  before: Asset,
  expectedVersion: number,
  action: "check" | "edit",
  changes: AssetEdit,
  kitVersionId: string,
  result: { findings: Finding[]; score: number },
): Promise<CheckedAsset> {
  const asset = await updateAsset(tx, ctx.workspaceId, before.id, expectedVersion, { ...changes, status: nextStatus(before, action) }, ctx.personId);
  const row = await recordCheck(tx, ctx.workspaceId, { assetId: asset.id, assetVersion: asset.version, kitVersionId, ...result }, ctx.personId);
  await recordEvent(tx, ctx.workspaceId, {
    personId: ctx.personId,
    type: "asset.checked",
    data: { assetId: asset.id, assetVersion: asset.version, trigger: action === "check" ? "create" : "edit", errors: row.errors, warnings: row.warnings, suggestions: row.suggestions, score: row.score },
  });
  return { asset, check: row };
}

/**
 * The check of an asset's copy on its channel and locale: the kit's rules and, for an asset made
 * from a use case, the use case's output rules too (Output.Missing, Output.Length, ... as
 * `onbrand generate` and `onbrand test` apply them). An unknown channel is an `invalid_request` on
 * `channel`.
 *
 * @example
 * checkAssetCopy(kit, library.get("email"), { channel: "email", locale: "en-US", fields: { subject: "Hi" } }).findings[0]?.rule // "Output.Missing"
 */
function checkAssetCopy(
  kit: Kit,
  useCase: UseCase | undefined,
  asset: Pick<Asset, "fields"> & Partial<Pick<Asset, "channel" | "locale">>,
): { findings: Finding[]; score: number } {
  const channel = asset.channel ?? null;
  try {
    if (useCase !== undefined) {
      // The asset's channel, else the use case's default, as a run picks it; it must be one the use case allows.
      const { target, problems } = resolveTarget(kit, useCase, { channel });
      const problem = problems[0];
      if (!target || problem) {
        const message = problem ? withFix(problem.message, problem.fix) : "the asset's channel does not fit its use case";
        throw new WorkflowError("invalid_request", `the asset cannot be checked: ${message}`, [{ path: "channel", message }]);
      }
      const { findings, score } = checkOutput(kit, useCase, target, asset.fields, { locale: asset.locale ?? null });
      return { findings, score };
    }
    const { findings, score } = checkParsed(kit, "asset", structuredAsset({ channel: asset.channel, locale: asset.locale, fields: asset.fields }));
    return { findings, score };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const prefix = `${error.file}: `;
    const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    throw new WorkflowError("invalid_request", `the asset cannot be checked: ${message}`, [{ path: channel !== null ? "channel" : "fields", message }]);
  }
}
