import { and, eq, sql } from "drizzle-orm";
import type { Kit } from "../core/engine/load-kit.ts";
import { generateFromTemplate } from "../core/generate/template-generator.ts";
import { planVariants } from "../core/generate/variant-plan.ts";
import type { Brief, UseCase } from "../core/library/library.ts";
import { resolveTarget } from "../core/library/target.ts";
import type { Output } from "../core/library/usecase-schema.ts";
import { backdateAsset, backdateEvent } from "../store/demo-history.ts";
import { recordEvent } from "../store/events.ts";
import type { Store } from "../store/open-store.ts";
import { type Person, type Role, useCases, workspaces } from "../store/schema.ts";
import { addPerson, updateWorkspaceSettings } from "../store/workspaces.ts";
import { createCheckedAsset, editAsset, publishAsset, reviewAsset, submitAsset, type WorkflowContext } from "./asset-workflow.ts";
import { importWorkspaceFolder } from "./workspace-folder.ts";
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SETTING, DEMO_WORKSPACE_NAME } from "./demo-constants.ts";
import type { KitCache } from "./workspace-kit.ts";

export { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SETTING, DEMO_WORKSPACE_NAME, type DemoPerson } from "./demo-constants.ts";

export interface DemoOptions {
  /** The demo workspace folder to import (examples/demo). */
  folder: string;
  kits: KitCache;
  /** Hashes the demo password (the server's password hashing). */
  hashPassword(password: string): Promise<string>;
  /** The end of the sample activity (default now). */
  now?: Date;
  /** Weeks of sample activity (default 4). */
  weeks?: number;
  /** Called with a line of progress now and then: loading takes a few seconds. */
  onProgress?(line: string): void;
}

export interface DemoWorkspace {
  workspaceId: string;
  /** False when the store already had the demo workspace (nothing was written). */
  created: boolean;
  assets: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Masters created per week, oldest first: adoption ramps up as the library fills. */
const MASTERS_PER_WEEK = [4, 7, 10, 14];
/** Days from submission to decision per week, oldest first: the seed's 5-7 days falling toward 1-2. */
const REVIEW_DAYS_PER_WEEK = [5.5, 3.5, 2, 1.2];
/** Variants per approved master per week: 8-15 once the team trusts the scaffolds. */
const VARIANTS_PER_WEEK = [0, 4, 8, 10];

/**
 * Loads the demo workspace once: the Fizzwell kit and library from `folder`, twelve people (every
 * role; password DEMO_PASSWORD), and a few weeks of activity made through the real workflow
 * (assets checked by the engine, submitted, reviewed with reasons, a few off-brand drafts fixed
 * after changes were requested, approved masters with variants, published), then moved into the
 * past week by week. The workspace is named and marked as demo data. Calling it again when the
 * demo workspace exists writes nothing.
 *
 * @example
 * const demo = await loadDemoWorkspace(store, { folder: "examples/demo", kits, hashPassword });
 */
export async function loadDemoWorkspace(store: Store, options: DemoOptions): Promise<DemoWorkspace> {
  const [existing] = await store.db
    .select({ id: workspaces.id })
    .from(workspaces)
    .where(and(eq(workspaces.name, DEMO_WORKSPACE_NAME), sql`(${workspaces.settings}->>${DEMO_SETTING})::boolean`));
  if (existing) return { workspaceId: existing.id, created: false, assets: 0 };

  const progress = options.onProgress ?? (() => {});
  progress("loading the demo workspace (kit, library, people, 4 weeks of activity)…");
  const summary = await importWorkspaceFolder(store, options.folder, { workspaceName: DEMO_WORKSPACE_NAME }, null);
  const workspaceId = summary.workspace.id;
  await updateWorkspaceSettings(
    store.db,
    workspaceId,
    { [DEMO_SETTING]: true, demoNote: "Sample data for trying onbrand: the people, assets and activity are made up." },
    null,
  );
  const passwordHash = await options.hashPassword(DEMO_PASSWORD);
  const people = new Map<string, Person>();
  for (const person of DEMO_PEOPLE) people.set(person.email, await addPerson(store.db, workspaceId, { ...person, passwordHash }, null));

  // One transaction: ten times faster than a commit per step, and a failure leaves no half-demo.
  const assets = await store.db.transaction((tx) =>
    new DemoActivity({ ...store, db: tx }, options.kits, workspaceId, people, options.now ?? new Date(), options.weeks ?? MASTERS_PER_WEEK.length).play(progress),
  );
  return { workspaceId, created: true, assets };
}

/** Deterministic pseudo-random numbers (mulberry32), so every demo load tells the same story. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Off-brand wording a rushed first draft might carry; the kit flags each as an error. */
const OFF_BRAND_LINES = ["The best drink in the world.", "It is a healthy soda.", "Hurry, last chance!"];

class DemoActivity {
  private readonly next = random(20261121);
  private assets = 0;

  private readonly store: Store;
  private readonly kits: KitCache;
  private readonly workspaceId: string;
  private readonly people: ReadonlyMap<string, Person>;
  private readonly now: Date;
  private readonly weeks: number;

  constructor(store: Store, kits: KitCache, workspaceId: string, people: ReadonlyMap<string, Person>, now: Date, weeks: number) {
    this.store = store;
    this.kits = kits;
    this.workspaceId = workspaceId;
    this.people = people;
    this.now = now;
    this.weeks = weeks;
  }

  async play(progress: (line: string) => void): Promise<number> {
    const { kit, library } = await this.kits.library(this.store.db, this.workspaceId);
    const rows = await this.store.db
      .select({ id: useCases.id, useCaseId: useCases.useCaseId })
      .from(useCases)
      .where(eq(useCases.workspaceId, this.workspaceId));
    const rowIds = new Map(rows.map((r) => [r.useCaseId, r.id]));
    // Use cases whose examples are all text: enough for a demo, and each field reads as a line in a list.
    const usable = [...library.useCases.values()].filter((u) => this.sampleOf(kit, u) !== null);
    if (usable.length === 0) throw new Error("the demo library has no use case with a text-only example to build demo assets from");
    const creators = this.byRole("creator");
    const reviewers = [...this.byRole("reviewer"), ...this.byRole("champion")];
    const start = this.now.getTime() - this.weeks * 7 * DAY;

    for (let week = 0; week < this.weeks; week++) {
      const masters = MASTERS_PER_WEEK[Math.min(week, MASTERS_PER_WEEK.length - 1)] ?? 4;
      for (let i = 0; i < masters; i++) {
        const useCase = usable[(week * 7 + i) % usable.length] as UseCase;
        const creator = creators[Math.floor(this.next() * creators.length)] as Person;
        const others = reviewers.filter((r) => r.id !== creator.id);
        const reviewer = others[Math.floor(this.next() * others.length)] as Person;
        // Weekdays, except the last week runs up to today so the review queue has fresh work.
        const span = week === this.weeks - 1 ? 6.8 : 5;
        const created = start + week * 7 * DAY + (i / masters) * span * DAY + 9 * HOUR;
        // Week one has the seed's 1-3 off-brand outputs; they are sent back and fixed.
        const offBrand = week === 0 && i < 2 ? (OFF_BRAND_LINES[i] ?? null) : null;
        await this.master(kit, useCase, rowIds.get(useCase.id) ?? null, creator, reviewer, week, created, offBrand);
      }
      await this.quickChecks(week, start + week * 7 * DAY);
      progress(`  week ${week + 1} of ${this.weeks}: ${this.assets} assets so far`);
    }
    return this.assets;
  }

  /** A master from a library example, through review; approved ones get variants. */
  private async master(
    kit: Kit,
    useCase: UseCase,
    useCaseRowId: string | null,
    creator: Person,
    reviewer: Person,
    week: number,
    created: number,
    offBrand: string | null,
  ): Promise<void> {
    const sample = this.sampleOf(kit, useCase);
    if (!sample) return;
    const fields = { ...sample.fields };
    const first = Object.keys(fields)[0] as string;
    if (offBrand) fields[first] = `${fields[first]} ${offBrand}`;
    const asCreator = this.context(creator);
    const asReviewer = this.context(reviewer);
    const title = `${useCase.name}: ${String(Object.values(sample.brief)[0] ?? "draft")}`;
    const { asset } = await createCheckedAsset(asCreator, {
      kind: "master",
      title,
      fields,
      channel: sample.channel,
      useCaseId: useCaseRowId,
      audience: sample.audience,
      region: sample.region,
    });
    this.assets++;
    const reviewDays = REVIEW_DAYS_PER_WEEK[Math.min(week, REVIEW_DAYS_PER_WEEK.length - 1)] ?? 2;
    const submitted = created + (1 + this.next() * 4) * HOUR;
    let reviewed = submitted + reviewDays * DAY * (0.6 + this.next() * 0.8);
    const timeline = { created: new Date(created), submitted: new Date(submitted), reviewed: new Date(reviewed), published: undefined as Date | undefined };
    if (submitted > this.now.getTime()) {
      // Checked, not submitted yet: work in progress.
      await backdateAsset(this.store.db, this.workspaceId, asset.id, { created: timeline.created });
      return;
    }
    if (reviewed > this.now.getTime()) {
      // Waiting for a reviewer: the review queue has work in it.
      await submitAsset(asCreator, asset.id);
      await backdateAsset(this.store.db, this.workspaceId, asset.id, { created: timeline.created, submitted: timeline.submitted });
      return;
    }
    await submitAsset(asCreator, asset.id);
    if (offBrand) {
      const { asset: sentBack } = await reviewAsset(asReviewer, asset.id, { decision: "request_changes", reason: `"${offBrand}" is off-brand: say what is in the can instead.` });
      await backdateAsset(this.store.db, this.workspaceId, asset.id, timeline);
      const { asset: fixed } = await editAsset(asCreator, asset.id, sentBack.version, { fields: sample.fields });
      await submitAsset(asCreator, fixed.id);
      reviewed += DAY;
    }
    const rejected = !offBrand && this.next() < 0.08;
    if (rejected) {
      await reviewAsset(asReviewer, asset.id, { decision: "reject", reason: "We are not running this campaign after all." });
      await backdateAsset(this.store.db, this.workspaceId, asset.id, { ...timeline, reviewed: new Date(reviewed) });
      return;
    }
    await reviewAsset(asReviewer, asset.id, { decision: "approve", reason: null });
    const published = reviewed + (2 + this.next() * 6) * HOUR;
    const isPublished = published < this.now.getTime();
    if (isPublished) await publishAsset(asReviewer, asset.id);
    await backdateAsset(this.store.db, this.workspaceId, asset.id, {
      created: timeline.created,
      submitted: timeline.submitted,
      reviewed: new Date(reviewed),
      published: isPublished ? new Date(published) : undefined,
    });
    const variants = VARIANTS_PER_WEEK[Math.min(week, VARIANTS_PER_WEEK.length - 1)] ?? 0;
    if (variants > 0) await this.variants(kit, useCase, useCaseRowId, sample, asset.id, creator, reviewer, reviewed, variants);
  }

  /** Variants of an approved master, one per target of the use case, approved within hours. */
  private async variants(
    kit: Kit,
    useCase: UseCase,
    useCaseRowId: string | null,
    sample: Sample,
    masterId: string,
    creator: Person,
    reviewer: Person,
    approvedAt: number,
    count: number,
  ): Promise<void> {
    const plan = planVariants(kit, useCase, [sample.brief], {}, sample.output);
    for (const planned of plan.variants.slice(0, count)) {
      const output = generateFromTemplate(kit, useCase, planned.brief, planned.target, { master: sample.output, variant: planned.n });
      const fields = textFields(output);
      if (!fields) continue;
      const created = approvedAt + (1 + this.next() * 3) * HOUR;
      const reviewed = created + (1 + this.next() * 5) * HOUR;
      if (reviewed + HOUR > this.now.getTime()) continue;
      const { asset } = await createCheckedAsset(this.context(creator), {
        kind: "variant",
        title: `Variant for ${[planned.target.audience?.id, planned.target.region?.id, planned.target.channel?.id].filter(Boolean).join(" / ")}`,
        fields,
        channel: planned.target.channel?.id ?? null,
        audience: planned.target.audience?.id ?? null,
        region: planned.target.region?.id ?? null,
        useCaseId: useCaseRowId,
        parentAssetId: masterId,
        variantId: `demo-${planned.id}-${masterId.slice(0, 8)}`,
        provider: "template",
        model: "template",
      });
      this.assets++;
      await submitAsset(this.context(creator), asset.id);
      await reviewAsset(this.context(reviewer), asset.id, { decision: "approve", reason: null });
      await publishAsset(this.context(reviewer), asset.id);
      await backdateAsset(this.store.db, this.workspaceId, asset.id, {
        created: new Date(created),
        submitted: new Date(created + HOUR / 2),
        reviewed: new Date(reviewed),
        published: new Date(reviewed + HOUR),
      });
    }
  }

  /** As-you-type checks and prompt copies: what adoption is measured by. More people each week. */
  private async quickChecks(week: number, weekStart: number): Promise<void> {
    const everyone = [...this.people.values()].filter((p) => p.role !== "viewer");
    const active = Math.min(everyone.length, 5 + week * 2);
    for (const person of everyone.slice(0, active)) {
      for (let n = 0; n < 3 + week; n++) {
        const at = weekStart + Math.floor(this.next() * 5) * DAY + (9 + this.next() * 8) * HOUR;
        if (at > this.now.getTime()) continue;
        // Tallies in check.run's shape (docs/workflow.md) made from n, not this.next(): the rest of
        // the demo's random sequence stays as it was.
        const count = 1 + ((n + week) % 4);
        const errors = n % 2;
        const checkRun = { input: "text", count, errors, warnings: (n + week) % 3, suggestions: n % 4, scoreTotal: count * 90 - errors * 12 };
        const type = n % 3 === 2 ? "prompt.compiled" : "check.run";
        const data = type === "check.run" ? checkRun : { demo: true };
        const event = await recordEvent(this.store.db, this.workspaceId, { personId: person.id, type, data });
        // check.run rows stand for a minute and are dated at its start, as the server writes them.
        await backdateEvent(this.store.db, this.workspaceId, event.id, new Date(type === "check.run" ? Math.floor(at / 60_000) * 60_000 : at));
      }
    }
  }

  private sampleOf(kit: Kit, useCase: UseCase): Sample | null {
    for (const example of useCase.examples) {
      const fields = textFields(example.output);
      if (!fields) continue;
      const { target } = resolveTarget(kit, useCase, { channel: example.channel, audience: example.audience, region: example.region });
      return {
        brief: example.brief as Brief,
        output: example.output,
        fields,
        channel: target?.channel?.id ?? null,
        audience: target?.audience?.id ?? null,
        region: target?.region?.id ?? null,
      };
    }
    return null;
  }

  private byRole(role: Role): Person[] {
    return [...this.people.values()].filter((p) => p.role === role);
  }

  private context(person: Person): WorkflowContext {
    return { db: this.store.db, kits: this.kits, workspaceId: this.workspaceId, personId: person.id };
  }
}

interface Sample {
  brief: Brief;
  output: Output;
  fields: Record<string, string>;
  channel: string | null;
  audience: string | null;
  region: string | null;
}

/** An output whose every field is text, as the store keeps fields; null when one is a list or object. */
function textFields(output: Output): Record<string, string> | null {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(output)) {
    if (typeof value !== "string") return null;
    fields[name] = value;
  }
  return Object.keys(fields).length > 0 ? fields : null;
}
