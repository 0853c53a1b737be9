import { dirname, join } from "node:path";
import { findConfig } from "../node/find-config.ts";
import type { Store } from "../store/open-store.ts";
import type { CliIo } from "./cli-io.ts";

/** The embedded database's folder inside a workspace folder. */
export const LOCAL_DATA_DIR = join(".onbrand", "data");

/**
 * Opens the studio's store the way every local command (`serve`, `worker`, `import`, `export`,
 * `user add`) finds it: PostgreSQL when `DATABASE_URL` is set (and not empty), otherwise the
 * embedded PGlite in `<workspace folder>/.onbrand/data`, where the workspace folder is the one
 * holding the nearest onbrand.yaml (as `onbrand check` finds it), or the working folder when
 * there is none. The store module is imported here, so commands that never open it stay light.
 *
 * @example
 * const store = await openLocalStore(io);
 * try { ... } finally { await store.close(); }
 */
export async function openLocalStore(io: CliIo, options: { dataDir?: string } = {}): Promise<Store> {
  const { openStore } = await import("../store/open-store.ts");
  const url = io.env.DATABASE_URL;
  if (url !== undefined && url !== "") return openStore({ url });
  return openStore({ dataDir: options.dataDir ?? localDataDir(io.cwd) });
}

/**
 * Where the embedded database of the workspace around `cwd` lives.
 *
 * @example localDataDir("/repo/examples/demo/corpus") // "/repo/examples/demo/.onbrand/data"
 */
export function localDataDir(cwd: string): string {
  const config = findConfig(cwd);
  return join(config === null ? cwd : dirname(config), LOCAL_DATA_DIR);
}
