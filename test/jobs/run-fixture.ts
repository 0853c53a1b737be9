import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "../../src/store/open-store.ts";
import { saveKitVersion } from "../../src/store/kit-versions.ts";
import { saveUseCaseVersion } from "../../src/store/use-cases.ts";
import { DEMO_FOLDER, demoKitFiles } from "../support/studio.ts";
import { openaiAnswer, type ScriptedResponse } from "../providers/mock-llm-server.ts";

/** An answer to the demo's push use case that passes every check the first time (no re-ask). */
export const PUSH_FIELDS = { title: "A new flavor just landed", body: "Fizzwell Zero in elderflower and pear is in shops today. Zero sugar, 5 calories a can." };

/** The brief those answers fit. */
export const PUSH_BRIEF = { news: "Fizzwell Zero in elderflower and pear is in shops today.", product: "Fizzwell Zero" };

/** Every target of the demo kit: 4 audiences x 3 regions. */
export const ALL_AUDIENCES = ["students", "parents", "office-workers", "fitness"];
export const ALL_REGIONS = ["northeast", "south", "west"];

/**
 * `n` scripted answers to push prompts, each after `delayMs`, so a run of many variants takes a
 * while and can be killed in the middle.
 */
export function slowPushAnswers(n: number, delayMs: number): ScriptedResponse[] {
  return Array.from({ length: n }, () => ({ delayMs, then: openaiAnswer(JSON.stringify({ fields: PUSH_FIELDS })) }));
}

/**
 * Saves the demo's use cases (by id) as the workspace's library, with the demo kit as current.
 *
 * @example await saveDemoUseCases(store.db, tenant, ["push"])
 */
export async function saveDemoUseCases(db: Database, tenant: { workspace: { id: string }; brand: { id: string }; people: { admin: { id: string } } }, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    const file = readFileSync(join(DEMO_FOLDER, "brand", "usecases", `${id}.yaml`), "utf8");
    await saveUseCaseVersion(db, tenant.workspace.id, { brandId: tenant.brand.id, useCaseId: id, file }, tenant.people.admin.id);
  }
}

/**
 * Makes the demo kit with a `generate:` section pointing at a model server (the mock) the
 * workspace's current kit version, and returns its id.
 */
export async function saveModelKit(
  db: Database,
  tenant: { workspace: { id: string }; brand: { id: string }; people: { admin: { id: string } } },
  generate: { provider: string; baseURL?: string; model: string; concurrency?: number },
): Promise<string> {
  const files = demoKitFiles();
  const lines = [
    "generate:",
    `  provider: ${generate.provider}`,
    `  model: ${generate.model}`,
    ...(generate.baseURL ? [`  base_url: ${generate.baseURL}`] : []),
    "  max_retries: 0",
    `  concurrency: ${generate.concurrency ?? 4}`,
  ];
  files["onbrand.yaml"] = `${files["onbrand.yaml"] ?? ""}\n${lines.join("\n")}\n`;
  const { kitVersion } = await saveKitVersion(db, tenant.workspace.id, { brandId: tenant.brand.id, files }, tenant.people.admin.id);
  return kitVersion.id;
}
