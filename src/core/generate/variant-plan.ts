import { contentHash } from "../engine/content-hash.ts";
import type { Kit } from "../engine/load-kit.ts";
import type { FieldProblem } from "../library/brief.ts";
import type { Brief, Target, UseCase } from "../library/library.ts";
import { resolveTarget } from "../library/target.ts";
import type { Output } from "../library/usecase-schema.ts";

/** What to generate for: each list crosses with the others; absent lists take the use case's `variants`. */
export interface VariantRequest {
  channels?: readonly string[] | undefined;
  audiences?: readonly string[] | undefined;
  regions?: readonly string[] | undefined;
  /** Variants per brief and target (default 1); each gets its own number and id. */
  count?: number | undefined;
}

/** One variant to write: a brief on a target, with the id that names it in the journal, the files and the studio. */
export interface PlannedVariant {
  /** contentHash of the kit version, use-case id and version, brief hash, target and number: the same inputs, the same id. */
  id: string;
  useCase: string;
  kitVersion: string;
  useCaseVersion: string;
  /** Index of the brief in the run's briefs. */
  briefIndex: number;
  /** contentHash of the brief and the master asset, keys sorted. */
  briefHash: string;
  brief: Brief;
  target: Target;
  /** 0, 1, 2... within one brief and target. */
  n: number;
}

export interface VariantPlan {
  variants: PlannedVariant[];
  /** contentHash of every variant id in order: a journal belongs to exactly one plan. */
  planHash: string;
  problems: FieldProblem[];
}

/** Most variants one run may plan; a bigger batch is split into runs. */
export const MAX_PLANNED_VARIANTS = 100_000;

/**
 * Plans the variants of a run: every brief x channel x audience x region, `count` times. Lists
 * absent from the request come from the use case's `variants` (channels: `variants.channels`, else
 * the use case's channels); an empty list means "none" for audiences and regions. Each target is
 * resolved against the kit, so an unknown audience is a problem with a did-you-mean, not a variant.
 *
 * @example
 * const plan = planVariants(kit, email, [{ product: "Fizzwell Zero" }], { audiences: ["students", "parents"] });
 * plan.variants.map((v) => v.target.audience?.id) // ["students", "parents"]
 */
export function planVariants(kit: Kit, useCase: UseCase, briefs: readonly Brief[], request: VariantRequest = {}, master: Output | null = null): VariantPlan {
  const problems: FieldProblem[] = [];
  const count = Math.max(1, Math.trunc(request.count ?? 1));
  const channels = listOr(request.channels, useCase.variants.channels.length > 0 ? useCase.variants.channels : useCase.channels);
  const audiences = listOr(request.audiences, useCase.variants.audiences);
  const regions = listOr(request.regions, useCase.variants.regions);
  const total = briefs.length * channels.length * audiences.length * regions.length * count;
  if (total > MAX_PLANNED_VARIANTS) {
    problems.push({
      path: [],
      message: `the run would make ${total} variants, more than ${MAX_PLANNED_VARIANTS}`,
      fix: "split the briefs into several runs or ask for fewer targets",
    });
    return { variants: [], planHash: contentHash([]), problems };
  }

  const targets: Target[] = [];
  const reported = new Set<string>();
  for (const channel of channels) {
    for (const audience of audiences) {
      for (const region of regions) {
        const resolved = resolveTarget(kit, useCase, { channel, audience, region });
        if (resolved.target) targets.push(resolved.target);
        for (const problem of resolved.problems) {
          if (reported.has(problem.message)) continue;
          reported.add(problem.message);
          problems.push(problem);
        }
      }
    }
  }
  if (problems.length > 0) return { variants: [], planHash: contentHash([]), problems };

  const masterJson = master === null ? "" : canonicalJson(master);
  const variants: PlannedVariant[] = [];
  briefs.forEach((brief, briefIndex) => {
    const briefHash = contentHash([canonicalJson(brief), masterJson]);
    for (const target of targets) {
      for (let n = 0; n < count; n++) {
        // The id too: a use case's version hashes its content only, and two files may hold the same.
        const id = contentHash([kit.version, useCase.id, useCase.version, briefHash, targetKey(target), String(n)]);
        variants.push({ id, useCase: useCase.id, kitVersion: kit.version, useCaseVersion: useCase.version, briefIndex, briefHash, brief, target, n });
      }
    }
  });
  return { variants, planHash: contentHash(variants.map((v) => v.id)), problems };
}

/**
 * `channel/audience/region` with `-` for a part that is not set: how progress lines and file names name a target.
 *
 * @example
 * targetKey({ channel: { id: "email", name: "Email" }, audience: null, region: null }) // "email/-/-"
 */
export function targetKey(target: Target): string {
  return [target.channel?.id, target.audience?.id, target.region?.id].map((part) => part ?? "-").join("/");
}

/**
 * JSON with object keys sorted at every level, so equal values hash equally whatever their key order.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }) // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** The request's list when given, else the defaults; an empty list stands for one unset part. */
function listOr(requested: readonly string[] | undefined, defaults: readonly string[]): (string | null)[] {
  const list = requested && requested.length > 0 ? requested : defaults;
  return list.length > 0 ? [...new Set(list)] : [null];
}
