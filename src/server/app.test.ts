import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { databaseTargets } from "../../test/support/databases.ts";
import { DEMO_FOLDER as demo, openStudio, type Studio } from "../../test/support/studio.ts";
import { saveKitVersion } from "../store/index.ts";
import type { ServerLogger } from "./api-error.ts";
import { createApp } from "./app.ts";

function recordingLogger(): ServerLogger & { lines: string[]; errors: unknown[] } {
  const lines: string[] = [];
  const errors: unknown[] = [];
  return {
    lines,
    errors,
    warn: (message) => lines.push(`warn ${message}`),
    error: (message, error) => {
      lines.push(`error ${message}`);
      errors.push(error);
    },
  };
}

async function json(response: Response | Promise<Response>): Promise<{ status: number; body: unknown }> {
  const r = await response;
  return { status: r.status, body: await r.json() };
}

for (const target of databaseTargets()) {
describe(`API basics on ${target.name}`, { skip: target.skip }, () => {
let studio: Studio;
let app: Studio["app"];
let token: string;
before(async () => {
  studio = await openStudio(await target.make());
  app = studio.app;
  token = studio.a.tokens.viewer;
});
after(async () => {
  // Nothing unexpected was logged (the 500 test uses its own logger).
  assert.deepEqual(studio.log, []);
  await studio?.close();
});

function postCheck(body: string, contentType = "application/json"): Promise<Response> {
  return Promise.resolve(app.request("/api/check", { method: "POST", headers: { "content-type": contentType, authorization: `Bearer ${token}` }, body }));
}

test("GET /api/health answers ok and the version", async () => {
  assert.deepEqual(await json(app.request("/api/health")), { status: 200, body: { ok: true, version: "9.9.9" } });
});

test("POST /api/check on text: the findings with their positions, the score and the counts", async () => {
  const result = await json(postCheck(JSON.stringify({ text: "Our soda is the best in the world!" })));
  assert.deepEqual(result, {
    status: 200,
    body: {
      findings: [
        {
          rule: "Brand.Terms",
          level: "warning",
          message: "Use 'sparkling drink' instead of 'soda'.",
          line: 1,
          column: 5,
          endLine: 1,
          endColumn: 9,
          match: "soda",
          field: null,
          suggestions: ["sparkling drink"],
        },
        {
          rule: "Brand.Claims.superlative",
          level: "error",
          message: "We can't prove a superlative. Describe the taste instead.",
          line: 1,
          column: 17,
          endLine: 1,
          endColumn: 34,
          match: "best in the world",
          field: null,
          suggestions: [],
        },
      ],
      score: 74,
      counts: { error: 1, warning: 1, suggestion: 0 },
    },
  });
});

test("format markdown reads the text as Markdown: a fenced code block is not prose", async () => {
  const text = "# Summer\n\n```\nsoda\n```\n\nA cold soda.\n";
  const { status, body } = await json(postCheck(JSON.stringify({ text, format: "markdown" })));
  assert.equal(status, 200);
  const findings = (body as { findings: { rule: string; line: number; column: number }[] }).findings;
  assert.deepEqual(
    findings.map((f) => [f.rule, f.line, f.column]),
    [["Brand.Terms", 7, 8]],
  );
});

test("min_level leaves out findings below it", async () => {
  const { body } = await json(postCheck(JSON.stringify({ text: "Our soda is the best in the world!", min_level: "error" })));
  const { findings, counts } = body as { findings: { rule: string }[]; counts: unknown };
  assert.deepEqual(findings.map((f) => f.rule), ["Brand.Claims.superlative"]);
  assert.deepEqual(counts, { error: 1, warning: 0, suggestion: 0 });
});

test("POST /api/check on a structured asset: findings per field, with the channel's limits", async () => {
  const asset = JSON.parse(readFileSync(join(demo, "corpus/off-brand/email-subject-too-long.json"), "utf8"));
  const result = await json(postCheck(JSON.stringify({ asset })));
  const at = (rule: string, level: string, message: string, field: string, line: number, column: number, endColumn: number, match: string, suggestions: string[] = []) => ({
    rule,
    level,
    message,
    line,
    column,
    endLine: line,
    endColumn,
    match,
    field,
    suggestions,
  });
  assert.deepEqual(result, {
    status: 200,
    body: {
      findings: [
        at("Brand.Disclaimers.offer", "warning", '"% off" needs the disclaimer: "While supplies last."', "subject", 1, 27, 32, "% off"),
        at("Brand.Length.email.subject", "warning", "subject line is 54 characters; the email subject line limit is 50 (cut 4)", "subject", 1, 51, 55, "pack"),
        at("Brand.Length.email.preheader", "warning", "preheader is 122 characters; the email preheader limit is 100 (cut 22)", "preheader", 1, 101, 123, " arrives this weekend."),
        at("Fizzwell.ClickHere", "error", "Replace 'Click here' with link text that says where it goes.", "body", 3, 20, 30, "Click here"),
        at("Fizzwell.DigitalTerms", "error", "Write 'email', not 'e-mail'.", "body", 3, 64, 70, "e-mail", ["email"]),
      ],
      score: 61,
      counts: { error: 2, warning: 3, suggestion: 0 },
    },
  });
});

test("the request's channel applies to an asset that names none; the asset's own wins", async () => {
  const subject = "A subject line that runs well past the fifty characters email allows";
  const limit = async (body: unknown) =>
    ((await json(postCheck(JSON.stringify(body)))).body as { findings: { rule: string }[] }).findings.map((f) => f.rule);
  assert.deepEqual(await limit({ asset: { fields: { subject } } }), []);
  assert.deepEqual(await limit({ asset: { fields: { subject } }, channel: "email" }), ["Brand.Length.email.subject"]);
  assert.deepEqual(await limit({ asset: { channel: "sms", fields: { subject } }, channel: "email" }), []);
});

test("validation errors list each bad field, with did-you-mean for misspelt keys and options", async () => {
  const result = await json(postCheck(JSON.stringify({ txt: "x", min_level: "high", format: "md", channel: 3 })));
  assert.deepEqual(result, {
    status: 400,
    body: {
      error: {
        code: "validation_failed",
        message: "the request has 4 invalid fields: see details",
        details: [
          { path: "format", message: 'must be one of text, markdown, html; found "md"' },
          { path: "channel", message: "must be text; found 3" },
          { path: "min_level", message: 'must be one of suggestion, warning, error; found "high"' },
          { path: "txt", message: 'unknown key; did you mean "text"?' },
        ],
      },
    },
  });
});

test("bad asset fields are named by their path, as findings name fields", async () => {
  const result = await json(postCheck(JSON.stringify({ asset: { fields: { headline: true, scenes: [{ on_screen_text: null }], cta: "Go" } } })));
  assert.deepEqual(result.body, {
    error: {
      code: "validation_failed",
      message: "the request has 2 invalid fields: see details",
      details: [
        { path: "asset.fields.headline", message: "must be text, a number, a list or an object; found true" },
        { path: "asset.fields.scenes[0].on_screen_text", message: "must be text, a number, a list or an object; found an empty value" },
      ],
    },
  });
});

test("exactly one of text and asset; format only with text; fields not empty", async () => {
  const details = async (body: unknown) => ((await json(postCheck(JSON.stringify(body)))).body as { error: { details: unknown } }).error.details;
  assert.deepEqual(await details({}), [{ path: "", message: 'send "text" (copy) or "asset" (a structured asset with "fields")' }]);
  assert.deepEqual(await details({ text: "Hi", asset: { fields: { a: "b" } } }), [{ path: "asset", message: 'send "text" or "asset", not both' }]);
  assert.deepEqual(await details({ asset: { fields: {} }, format: "html" }), [
    { path: "asset.fields", message: 'must have at least one field, e.g. {"headline": "..."}' },
    { path: "format", message: 'applies to "text" only; an asset is read as its fields' },
  ]);
  assert.deepEqual(await details([]), [{ path: "", message: "must be an object; found an empty list" }]);
  assert.deepEqual(await details({ asset: { channel: "sms" } }), [{ path: "asset.fields", message: "missing; send an object" }]);
});

test("an unknown channel is a validation error on the field that named it", async () => {
  const known = "known channels: google-rsa, meta-ad, sms, x, email, push, instagram, linkedin, in-store-display; add it under channels: in the brand kit";
  assert.deepEqual((await json(postCheck(JSON.stringify({ text: "Hi", channel: "e-mail" })))).body, {
    error: {
      code: "validation_failed",
      message: "the request has 1 invalid field: see details",
      details: [{ path: "channel", message: `unknown channel "e-mail"; did you mean "email"? ${known}` }],
    },
  });
  assert.deepEqual((await json(postCheck(JSON.stringify({ asset: { channel: "smss", fields: { body: "Hi" } } })))).body, {
    error: {
      code: "validation_failed",
      message: "the request has 1 invalid field: see details",
      details: [{ path: "asset.channel", message: `unknown channel "smss" (the asset's channel); did you mean "sms"? ${known}` }],
    },
  });
});

test("malformed JSON is a 400 invalid_json saying where", async () => {
  assert.deepEqual(await json(postCheck('{"text": "Hi",}')), {
    status: 400,
    body: {
      error: {
        code: "invalid_json",
        message: "the request body is not valid JSON: Expected double-quoted property name in JSON at position 14 (line 1 column 15)",
        details: [],
      },
    },
  });
});

test("a body that is not JSON is a 415", async () => {
  assert.deepEqual(await json(postCheck("text=Hi", "application/x-www-form-urlencoded")), {
    status: 415,
    body: { error: { code: "unsupported_media_type", message: "send the body as JSON with the header Content-Type: application/json", details: [] } },
  });
});

test("a body over the limit is a 413, with or without Content-Length", async () => {
  const small = createApp({ store: studio.store, version: "1", maxBodyBytes: 100, logger: recordingLogger() });
  const body = JSON.stringify({ text: "x".repeat(100) });
  const expected = {
    status: 413,
    body: { error: { code: "payload_too_large", message: "the request body is over the limit of 100 bytes; send less", details: [] } },
  };
  const post = (init: RequestInit & { duplex?: "half" }) => json(small.request("/api/check", { method: "POST", ...init }));
  const auth = `Bearer ${token}`;
  const declared = (text: string) => ({ "content-type": "application/json", "content-length": String(Buffer.byteLength(text)), authorization: auth });
  // Declared: refused on the header alone, before the body is read.
  assert.deepEqual(await post({ headers: declared(body), body }), expected);
  // Not declared (chunked): counted as it streams in.
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(body));
      controller.close();
    },
  });
  assert.deepEqual(await post({ headers: { "content-type": "application/json", authorization: auth }, body: stream, duplex: "half" }), expected);
  const fits = JSON.stringify({ text: "x".repeat(80) });
  assert.equal((await post({ headers: declared(fits), body: fits })).status, 200);
  assert.equal((await post({ headers: { "content-type": "application/json", authorization: auth }, body: fits })).status, 200);
});

test("an unknown route is a 404 in the same shape (a 401 before sign-in: routes are not probed anonymously)", async () => {
  assert.equal((await json(app.request("/api/nothing-here", { method: "DELETE" }))).status, 401);
  assert.deepEqual(await json(app.request("/api/nothing-here", { method: "DELETE", headers: { authorization: `Bearer ${token}` } })), {
    status: 404,
    body: { error: { code: "not_found", message: "no route DELETE /api/nothing-here; the routes are listed in /api/openapi.json", details: [] } },
  });
});

test("an unexpected error is a generic 500: logged with its route, nothing of it in the response", async () => {
  const log = recordingLogger();
  const broken = createApp({ store: studio.store, version: "1", logger: log });
  broken.get("/api/boom", () => {
    throw new Error("connect ECONNREFUSED postgres://admin:hunter2@db:5432");
  });
  const response = await broken.request("/api/boom", { headers: { authorization: `Bearer ${token}` } });
  const text = await response.text();
  assert.equal(response.status, 500);
  assert.deepEqual(JSON.parse(text), {
    error: { code: "internal", message: "something went wrong on the server; it has been logged, try again or report it", details: [] },
  });
  assert.ok(!/hunter2|ECONNREFUSED|at .*\.ts/.test(text), text);
  assert.deepEqual(log.lines, ["error GET /api/boom: unexpected error"]);
  assert.equal((log.errors[0] as Error).message, "connect ECONNREFUSED postgres://admin:hunter2@db:5432");
});

test("/api/openapi.json is OpenAPI 3.1 with /api/check, its request schema and the error shape", async () => {
  const { status, body } = await json(app.request("/api/openapi.json"));
  assert.equal(status, 200);
  const doc = body as {
    openapi: string;
    info: { version: string };
    paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
  };
  assert.equal(doc.openapi, "3.1.0");
  assert.equal(doc.info.version, "9.9.9");
  // Every route of the studio is described: the UI and the CLI's --server rely on this document.
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    "/api/assets",
    "/api/assets/{id}",
    "/api/assets/{id}/checks",
    "/api/assets/{id}/publish",
    "/api/assets/{id}/reviews",
    "/api/assets/{id}/submit",
    "/api/audit",
    "/api/auth/csrf",
    "/api/auth/login",
    "/api/auth/logout",
    "/api/auth/me",
    "/api/auth/password",
    "/api/auth/setup",
    "/api/briefs",
    "/api/briefs/{id}",
    "/api/check",
    "/api/events",
    "/api/health",
    "/api/invites",
    "/api/kit",
    "/api/kit/diff",
    "/api/kit/versions",
    "/api/kit/versions/{id}",
    "/api/kit/versions/{id}/activate",
    "/api/people",
    "/api/people/{id}",
    "/api/prompt",
    "/api/runs",
    "/api/runs/{id}",
    "/api/runs/{id}/cancel",
    "/api/tokens",
    "/api/tokens/{id}",
    "/api/use-cases",
    "/api/use-cases/{id}",
    "/api/use-cases/{id}/diff",
    "/api/use-cases/{id}/versions",
  ]);
  // Every route but the public ones names its error answers in the one shape.
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const errors = Object.entries(operation.responses).filter(([status]) => Number(status) >= 400);
      if (path !== "/api/health") assert.ok(errors.length > 0, `${method} ${path} documents no error answer`);
      for (const [status, answer] of errors) assert.deepEqual(answer.content?.["application/json"]?.schema, { $ref: "#/components/schemas/Error" }, `${method} ${path} ${status}`);
    }
  }
  const check = doc.paths["/api/check"]?.post;
  assert.deepEqual(check?.requestBody?.content["application/json"]?.schema, { $ref: "#/components/schemas/CheckRequest" });
  assert.deepEqual(Object.keys(check?.responses ?? {}), ["200", "400", "401", "404", "413", "415", "500"]);
  assert.deepEqual(check?.responses["400"]?.content?.["application/json"]?.schema, { $ref: "#/components/schemas/Error" });
  const schemas = doc.components.schemas;
  assert.deepEqual(Object.keys(schemas.CheckRequest?.properties ?? {}), ["text", "format", "asset", "channel", "min_level", "useCase"]);
  assert.deepEqual(schemas.CheckAsset?.required, ["fields"]);
  assert.deepEqual(schemas.Error?.required, ["error"]);
  assert.deepEqual(Object.keys(schemas.Finding?.properties ?? {}), ["rule", "level", "message", "line", "column", "endLine", "endColumn", "match", "field", "suggestions"]);
});

test("without a token, every studio route is a 401 that says how to sign in; a bad token too", async () => {
  assert.deepEqual(await studio.call(null, "POST", "/api/check", { text: "Hi" }), {
    status: 401,
    body: { error: { code: "unauthorized", message: "sign in first (POST /api/auth/login), or send an API token as `Authorization: Bearer obt_…`", details: [] } },
  });
  const bad = await studio.call("obt_not-a-real-token", "POST", "/api/check", { text: "Hi" });
  assert.equal(bad.status, 401);
  assert.match((bad.body as { error: { message: string } }).error.message, /^the API token is not valid/);
  assert.equal((await studio.call(null, "GET", "/api/health")).status, 200);
});

test("the check uses the workspace's current kit version: a new version applies to the next request", async () => {
  const before = await studio.call<{ findings: { rule: string }[] }>("viewer", "POST", "/api/check", { text: "A cold soda." });
  assert.deepEqual(before.body.findings.map((f) => f.rule), ["Brand.Terms"]);
  // Workspace B's kit changes; A's checks do not.
  const files = { "onbrand.yaml": "kit: brand\n", "brand/brand.yaml": "name: Othercorp\nterms:\n  prefer:\n    cold: chilled\n" };
  await saveKitVersion(studio.store.db, studio.b.workspace.id, { brandId: studio.b.brand.id, files }, null);
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const later = await studio.call<{ findings: { rule: string; match: string }[] }>(studio.b.tokens.viewer, "POST", "/api/check", { text: "A cold soda." });
  assert.deepEqual(later.body.findings.map((f) => f.match), ["cold"]);
  const again = await studio.call<{ findings: { rule: string }[] }>("viewer", "POST", "/api/check", { text: "A cold soda." });
  assert.deepEqual(again.body.findings.map((f) => f.rule), ["Brand.Terms"]);
});

});
}
