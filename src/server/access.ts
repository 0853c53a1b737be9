import type { MiddlewareHandler } from "hono";
import type { Role } from "../store/schema.ts";
import { ApiError } from "./api-error.ts";

/** Who is calling: resolved from the session cookie or the API token before any route runs. */
export interface Actor {
  personId: string;
  workspaceId: string;
  role: Role;
  email: string;
  name: string;
  /** How they signed in; `session` requests that change something must carry the CSRF token. */
  via: "session" | "token";
}

/** Hono's context variables of the studio's routes. */
export interface StudioEnv {
  Variables: { actor: Actor };
}

/**
 * What each role may do. Every role reads its own workspace (kit, library, assets, runs, people,
 * events) and checks copy; the table lists what needs more. docs/api.md prints it.
 */
export const PERMISSIONS = {
  /** Create and edit assets and briefs, submit for review, start and cancel generation runs. */
  "asset.write": ["admin", "champion", "creator"],
  /** Approve, reject, request changes, publish. */
  "asset.review": ["admin", "champion", "reviewer"],
  /** New kit and use-case versions, rollbacks, import. */
  "kit.write": ["admin", "champion"],
  /** Read the audit log. */
  "audit.read": ["admin", "champion"],
  /** Add and change people, invite, other people's API tokens, workspace settings, export. */
  "workspace.admin": ["admin"],
} as const satisfies Record<string, readonly Role[]>;
export type Permission = keyof typeof PERMISSIONS;

/**
 * Whether a role has a permission.
 *
 * @example can("creator", "asset.review") // false
 */
export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/**
 * A 403 unless the caller's role has the permission. Use inside a handler, after the request is
 * validated and before anything is read, so the answer does not depend on whether an id exists.
 *
 * @example requirePermission(c.get("actor"), "asset.review");
 */
export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) {
    const roles = PERMISSIONS[permission].join(", ");
    throw new ApiError(403, "forbidden", `your role (${actor.role}) cannot do this; it needs one of: ${roles}. Ask an admin of your workspace.`);
  }
}

/**
 * Middleware form of requirePermission, for routes whose every method needs the permission.
 *
 * @example api.use("/people/*", permitted("workspace.admin"));
 */
export function permitted(permission: Permission): MiddlewareHandler<StudioEnv> {
  return async (c, next) => {
    requirePermission(c.get("actor"), permission);
    await next();
  };
}
