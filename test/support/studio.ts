import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before } from "node:test";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { USECASES_FOLDER } from "../../src/core/engine/load-kit.ts";
import { readWorkspace } from "../../src/node/workspace.ts";
import type { ServerLogger } from "../../src/server/api-error.ts";
import { createApp } from "../../src/server/app.ts";
import { createApiToken } from "../../src/store/api-tokens.ts";
import {
  addPerson,
  createBrand,
  createWorkspace,
  openStore,
  ROLES,
  saveKitVersion,
  type Brand,
  type KitVersion,
  type Person,
  type Role,
  type Store,
  type Workspace,
} from "../../src/store/index.ts";
import { STORED_CONFIG_FILE } from "../../src/studio/workspace-kit.ts";
import type { DatabaseFixture, DatabaseTarget } from "./databases.ts";

export const DEMO_FOLDER = new URL("../../examples/demo/", import.meta.url).pathname;

/**
 * The demo workspace's kit files as a kit version stores them: the config under `onbrand.yaml`, the
 * kit and styles, without the use-case library (which has versions of its own).
 */
export function demoKitFiles(): Record<string, string> {
  const workspace = readWorkspace(join(DEMO_FOLDER, "onbrand.yaml"));
  const library = `${workspace.layout.kit}/${USECASES_FOLDER}/`;
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries(workspace.files)) {
    if (path.startsWith(library)) continue;
    files[path === workspace.configFile ? STORED_CONFIG_FILE : path] = text;
  }
  return files;
}

/** One workspace of the harness: a brand with the demo kit, and one person (with an API token) per role. */
export interface TenantFixture {
  workspace: Workspace;
  brand: Brand;
  kitVersion: KitVersion;
  people: Record<Role, Person>;
  tokens: Record<Role, string>;
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

export interface Studio {
  store: Store;
  app: OpenAPIHono;
  /** Workspace A: the one tests act in. */
  a: TenantFixture;
  /** Workspace B: another team, whose ids A must never reach. */
  b: TenantFixture;
  /** Lines the server logged. */
  log: string[];
  /**
   * Calls the API as someone: a role of workspace A, a TenantFixture's token, or null (no token).
   * A `body` is sent as JSON.
   */
  call<T = unknown>(as: Role | string | null, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>>;
  close(): Promise<void>;
}

/**
 * A running API over a fresh database with two workspaces (A and B), each with the demo kit and a
 * person of every role. Routes are called in process (`app.request`), over the real middleware.
 *
 * @example
 * const studio = await openStudio(await target.make());
 * const { status, body } = await studio.call("creator", "POST", "/api/check", { text: "soda" });
 */
export async function openStudio(fixture: DatabaseFixture): Promise<Studio> {
  const store = await openStore(fixture.options);
  const log: string[] = [];
  const logger: ServerLogger = {
    warn: (message) => log.push(`warn ${message}`),
    error: (message, error) => log.push(`error ${message}: ${error instanceof Error ? error.message : String(error)}`),
  };
  const app = createApp({ store, version: "9.9.9", logger });
  const a = await tenant(store, "Fizzwell");
  const b = await tenant(store, "Othercorp");
  return {
    store,
    app,
    a,
    b,
    log,
    async call<T>(as: Role | string | null, method: string, path: string, body?: unknown): Promise<ApiAnswer<T>> {
      const token = as === null ? null : (ROLES as readonly string[]).includes(as) ? a.tokens[as as Role] : as;
      const headers: Record<string, string> = {};
      if (token !== null) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers["content-type"] = "application/json";
      const response = await app.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      return { status: response.status, body: (text === "" ? null : JSON.parse(text)) as T };
    },
    async close() {
      await store.close();
      await fixture.drop();
    },
  };
}

/**
 * The studio of one suite: opened on the target's database before the suite's tests (and before
 * hooks registered after this call), closed after them, when the server must have logged nothing.
 * The value stands for the studio from the first test on; reading it before is an error. After
 * hooks run in the order they are registered, so this one runs before the suite's own: a suite that
 * must stop something first (a worker, a mock server) opens its studio with openStudio instead.
 *
 * @example
 * for (const target of databaseTargets()) {
 *   describe(`briefs API on ${target.name}`, { skip: target.skip }, () => {
 *     const studio = studioSuite(target);
 *     test("...", async () => { await studio.call("creator", "GET", "/api/briefs"); });
 *   });
 * }
 */
export function studioSuite(target: DatabaseTarget): Omit<Studio, "close"> {
  let opened: Studio | undefined;
  const current = (): Studio => {
    if (opened === undefined) throw new Error("the suite's studio is opened in its before hook; use it in a test or a later hook");
    return opened;
  };
  before(async () => {
    const fixture = await target.make();
    try {
      opened = await openStudio(fixture);
    } catch (error) {
      await fixture.drop();
      throw error;
    }
  });
  after(async () => {
    if (opened === undefined) return;
    const log = opened.log;
    await opened.close();
    assert.deepEqual(log, [], "the server logged nothing");
  });
  return {
    get store() {
      return current().store;
    },
    get app() {
      return current().app;
    },
    get a() {
      return current().a;
    },
    get b() {
      return current().b;
    },
    get log() {
      return current().log;
    },
    call: <T>(as: Role | string | null, method: string, path: string, body?: unknown) => current().call<T>(as, method, path, body),
  };
}

async function tenant(store: Store, name: string): Promise<TenantFixture> {
  const workspace = await createWorkspace(store.db, { name });
  const domain = `${name.toLowerCase()}.example`;
  const people = {} as Record<Role, Person>;
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    people[role] = await addPerson(store.db, workspace.id, { email: `${role}@${domain}`, name: `${name} ${role}`, role }, null);
    tokens[role] = (await createApiToken(store.db, workspace.id, { personId: people[role].id, name: "tests" }, null)).token;
  }
  const brand = await createBrand(store.db, workspace.id, name, people.admin.id);
  const { kitVersion } = await saveKitVersion(store.db, workspace.id, { brandId: brand.id, files: demoKitFiles() }, people.admin.id);
  return { workspace, brand: { ...brand, currentKitVersionId: kitVersion.id }, kitVersion, people, tokens };
}
