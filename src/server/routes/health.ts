import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";

const HealthSchema = z
  .object({
    ok: z.literal(true),
    version: z.string().openapi({ description: "onbrand's version", example: "0.1.0" }),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  summary: "Is the server up, and which version is it",
  responses: { 200: { description: "The server answers", content: { "application/json": { schema: HealthSchema } } } },
});

/**
 * `GET /health`: `{ok: true, version}`, for load balancers and monitors to probe.
 *
 * @example
 * registerHealthRoute(api, "0.1.0"); // GET /health -> {"ok":true,"version":"0.1.0"}
 */
export function registerHealthRoute(app: OpenAPIHono, version: string): void {
  app.openapi(route, (c) => c.json({ ok: true as const, version }, 200));
}
