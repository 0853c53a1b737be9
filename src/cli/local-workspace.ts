import { UsageError } from "../core/errors.ts";
import type { Store } from "../store/open-store.ts";
import type { Workspace } from "../store/schema.ts";

/**
 * The workspace of the local store a command acts in: the one named by `--workspace`, or the
 * store's only one. A UsageError says what to do when there is none, or several and no name.
 *
 * @example const workspace = await localWorkspace(store, values.workspace);
 */
export async function localWorkspace(store: Store, name: string | undefined): Promise<Workspace> {
  if (name !== undefined && name.trim() === "") throw new UsageError("--workspace needs a name");
  const { findWorkspace } = await import("../studio/workspace-folder.ts");
  const workspace = await findWorkspace(store.db, name === undefined ? {} : { workspaceName: name });
  if (workspace) return workspace;
  throw new UsageError(
    name === undefined
      ? `${store.location} has no workspace yet: import one first (\`onbrand import DIR\`)`
      : `there is no workspace named "${name}" in ${store.location}; \`onbrand import DIR --workspace "${name}"\` creates it`,
  );
}
