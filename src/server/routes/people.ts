import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { getPerson, listPeople, personInfo, updatePerson, type PersonInfo } from "../../store/people.ts";
import { ROLES } from "../../store/schema.ts";
import { createInvite } from "../../store/sessions.ts";
import { addPerson } from "../../store/workspaces.ts";
import { requirePermission, type StudioEnv } from "../access.ts";
import { ApiError, ErrorBodySchema } from "../api-error.ts";
import type { RouteDeps } from "../app.ts";
import { hashPassword, MAX_PASSWORD_LENGTH, passwordProblem } from "../../studio/passwords.ts";
import { validationHook } from "../validation-details.ts";

/** A person as every route shows them: never a password hash, only whether one is set. */
export const PersonSchema = z
  .object({
    id: z.uuid(),
    email: z.string().openapi({ example: "maya@fizzwell.example" }),
    name: z.string().openapi({ example: "Maya Lind" }),
    role: z.enum(ROLES),
    team: z.string().nullable().openapi({ example: "Lifecycle marketing" }),
    region: z.string().nullable().openapi({ example: "EMEA" }),
    champion: z.boolean().openapi({ description: "A brand champion: maintains kit rules and use cases for their team" }),
    hasPassword: z.boolean().openapi({ description: "Whether they can sign in with a password (false: API tokens only, or a setup link not used yet)" }),
    createdAt: z.string().openapi({ description: "ISO 8601", example: "2026-05-04T09:30:00.000Z" }),
  })
  .openapi("Person");

/**
 * A person for a response: exactly the fields of PersonSchema, so nothing else of the row leaves.
 *
 * @example c.json(personJson(person), 200)
 */
export function personJson(person: PersonInfo): z.infer<typeof PersonSchema> {
  const { id, email, name, role, team, region, champion, hasPassword, createdAt } = person;
  return { id, email, name, role, team, region, champion, hasPassword, createdAt: createdAt.toISOString() };
}

/** A new password: 12 to 1024 characters. */
export const NewPasswordSchema = z
  .string()
  .max(MAX_PASSWORD_LENGTH * 2)
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
  })
  .openapi({ description: "12 to 1024 characters", example: "sparkling-lemon-thursday" });

const EmailSchema = z
  .string()
  .trim()
  .max(254, { message: "must be at most 254 characters" })
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: "must be an email address like maya@fizzwell.example" })
  .openapi({ example: "sam@fizzwell.example" });
const NameSchema = z.string().trim().min(1, { message: "must not be empty" }).max(200, { message: "must be at most 200 characters" }).openapi({ example: "Sam Ortiz" });
const LabelSchema = z.string().trim().max(200, { message: "must be at most 200 characters" }).nullable();

const NewPersonSchema = z
  .strictObject({
    email: EmailSchema,
    name: NameSchema,
    role: z.enum(ROLES),
    team: LabelSchema.optional(),
    region: LabelSchema.optional(),
    champion: z.boolean().optional(),
    password: NewPasswordSchema.optional().openapi({ description: "Leave out to invite them instead (POST /api/invites with their email)" }),
  })
  .openapi("NewPerson");

const PersonChangesSchema = z
  .strictObject({
    name: NameSchema.optional(),
    role: z.enum(ROLES).optional(),
    team: LabelSchema.optional(),
    region: LabelSchema.optional(),
    champion: z.boolean().optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, { message: "send at least one of name, role, team, region, champion" })
  .openapi("PersonChanges");

const NewInviteSchema = z
  .strictObject({
    role: z.enum(ROLES),
    email: EmailSchema.optional().openapi({ description: "Only this person may use the link; leave out to let whoever has it choose their email" }),
  })
  .openapi("NewInvite");

const InviteSchema = z
  .object({
    url: z.string().openapi({ description: "The link's path and token, shown once: send it to the person", example: "/setup?token=obi_3kq…" }),
    invite: z.object({
      id: z.uuid(),
      role: z.enum(ROLES),
      email: z.string().nullable(),
      expiresAt: z.string().openapi({ description: "ISO 8601; 7 days after it was made" }),
    }),
  })
  .openapi("Invite");

const IdParams = z.object({ id: z.string().openapi({ param: { name: "id", in: "path" }, example: "0b7e…" }) });

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ErrorBodySchema } } });
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const security: Record<string, string[]>[] = [{ token: [] }, { session: [] }];
const common = {
  401: errorResponse("unauthorized: not signed in"),
  403: errorResponse("forbidden (the role lacks the permission) or csrf_failed"),
  500: errorResponse("internal"),
};

const listRoute = createRoute({
  method: "get",
  path: "/people",
  summary: "The people of your workspace",
  description: "Every role may list them. Password hashes are never part of a person.",
  security,
  responses: { 200: json(z.object({ people: z.array(PersonSchema) }), "Everyone, by name"), ...common },
});

const getRoute = createRoute({
  method: "get",
  path: "/people/{id}",
  summary: "One person of your workspace",
  security,
  request: { params: IdParams },
  responses: { 200: json(PersonSchema, "The person"), 404: errorResponse("not_found: no such person in your workspace"), ...common },
});

const createPersonRoute = createRoute({
  method: "post",
  path: "/people",
  summary: "Add a person to your workspace (admins)",
  description: "With `password` they can sign in at once; without, send them an invite (POST /api/invites with their email). Audited.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: NewPersonSchema } } } },
  responses: {
    201: json(PersonSchema, "The new person"),
    400: errorResponse("validation_failed"),
    409: errorResponse("already_exists: the email is taken in this workspace"),
    ...common,
  },
});

const updateRoute = createRoute({
  method: "patch",
  path: "/people/{id}",
  summary: "Change a person's name, role, team, region or champion flag (admins)",
  description: "Audited with the values before and after. The workspace's last admin cannot be given another role (409).",
  security,
  request: { params: IdParams, body: { required: true, content: { "application/json": { schema: PersonChangesSchema } } } },
  responses: {
    200: json(PersonSchema, "The person as changed"),
    400: errorResponse("validation_failed"),
    404: errorResponse("not_found: no such person in your workspace"),
    409: errorResponse("conflict: that would leave the workspace without an admin"),
    ...common,
  },
});

const inviteRoute = createRoute({
  method: "post",
  path: "/invites",
  summary: "Make a one-time link to join your workspace with a role (admins)",
  description: "The link is in the answer once; only its hash is stored. It works once, for 7 days, at POST /api/auth/setup.",
  security,
  request: { body: { required: true, content: { "application/json": { schema: NewInviteSchema } } } },
  responses: {
    201: json(InviteSchema, "The link, shown once"),
    400: errorResponse("validation_failed"),
    409: errorResponse("already_exists: that email can already sign in"),
    ...common,
  },
});

/**
 * People and invites: `GET /people`, `GET /people/{id}` (every role), `POST /people`,
 * `PATCH /people/{id}` and `POST /invites` (workspace.admin). Every change is audited.
 *
 * @example
 * registerPeopleRoutes(api, deps);
 * // PATCH /people/<id> {"role": "reviewer"} -> the person, with role "reviewer"
 */
export function registerPeopleRoutes(app: OpenAPIHono<StudioEnv>, deps: RouteDeps): void {
  const { db } = deps.store;

  app.openapi(listRoute, async (c) => {
    const people = await listPeople(db, c.get("actor").workspaceId);
    return c.json({ people: people.map(personJson) }, 200);
  });

  app.openapi(getRoute, async (c) => {
    const id = c.req.valid("param").id;
    const person = await getPerson(db, c.get("actor").workspaceId, { id });
    if (!person) throw new ApiError(404, "not_found", `there is no person ${id} in your workspace`);
    return c.json(personJson(person), 200);
  });

  app.openapi(
    createPersonRoute,
    async (c) => {
      const actor = c.get("actor");
      requirePermission(actor, "workspace.admin");
      const { password, ...input } = c.req.valid("json");
      const passwordHash = password === undefined ? null : await hashPassword(password);
      const person = await addPerson(db, actor.workspaceId, { ...input, passwordHash }, actor.personId);
      return c.json(personJson(personInfo(person)), 201);
    },
    validationHook(NewPersonSchema),
  );

  app.openapi(
    updateRoute,
    async (c) => {
      const actor = c.get("actor");
      requirePermission(actor, "workspace.admin");
      const person = await updatePerson(db, actor.workspaceId, c.req.valid("param").id, c.req.valid("json"), actor.personId);
      return c.json(personJson(person), 200);
    },
    validationHook(PersonChangesSchema),
  );

  app.openapi(
    inviteRoute,
    async (c) => {
      const actor = c.get("actor");
      requirePermission(actor, "workspace.admin");
      const { token, invite } = await createInvite(db, actor.workspaceId, c.req.valid("json"), actor.personId);
      const { id, role, email, expiresAt } = invite;
      return c.json({ url: setupPath(token), invite: { id, role, email, expiresAt: expiresAt.toISOString() } }, 201);
    },
    validationHook(NewInviteSchema),
  );
}

/**
 * The path of the page that redeems an invite token (the web UI's, later issue).
 *
 * @example setupPath("obi_abc") // "/setup?token=obi_abc"
 */
export function setupPath(token: string): string {
  return `/setup?token=${encodeURIComponent(token)}`;
}
