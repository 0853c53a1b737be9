import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { databaseTargets } from "../../../test/support/databases.ts";
import { demoKitFiles, studioSuite } from "../../../test/support/studio.ts";
import { check } from "../../core/engine/check.ts";
import { loadKit } from "../../core/engine/load-kit.ts";
import { jsonFinding } from "../../format/json.ts";
import { saveUseCaseVersion } from "../../store/use-cases.ts";
import { STORED_CONFIG_FILE } from "../../studio/workspace-kit.ts";

interface CheckAnswer {
  findings: unknown[];
  score: number;
}

const ASSETS = [
  { channel: "email", locale: "en-US", id: "a-1", fields: { subject: "Our soda is the best in the world, click here!!", body: "Enter now to win. FizzWell Zero has zero calories." } },
  { channel: null, locale: null, fields: { headlines: ["A healthy detox", "Cure the slump"], scenes: [{ on_screen_text: "Perhaps try it?", seconds: 3 }] } },
  { fields: { body: "The 3 p.m. slump has met its match.\n\nIt is the cheap treat you will want." } },
];

for (const target of databaseTargets()) {
  describe(`POST /api/check on ${target.name}`, { skip: target.skip }, () => {
    const studio = studioSuite(target);

    test("an asset gets the findings and score `onbrand check` gives its JSON file", async () => {
      const { kit } = loadKit(demoKitFiles(), { configFile: STORED_CONFIG_FILE });
      for (const asset of ASSETS) {
        const local = check(kit, { path: "asset.json", content: JSON.stringify(asset) });
        const { status, body } = await studio.call<CheckAnswer>("viewer", "POST", "/api/check", { asset });
        assert.equal(status, 200);
        assert.deepEqual(body.findings, JSON.parse(JSON.stringify(local.findings.map(jsonFinding))));
        assert.equal(body.score, local.score);
      }
    });

    test("an asset's channel and locale may be null, as in an asset file: the request's channel then applies", async () => {
      const subject = "A subject line that runs well past the fifty characters email allows";
      const rules = async (body: unknown) => (await studio.call<{ findings: { rule: string }[] }>("viewer", "POST", "/api/check", body)).body.findings.map((f) => f.rule);
      assert.deepEqual(await rules({ asset: { channel: null, locale: null, fields: { subject } } }), []);
      assert.deepEqual(await rules({ asset: { channel: null, fields: { subject } }, channel: "email" }), ["Brand.Length.email.subject"]);
      const empty = await studio.call<{ error: { details: { path: string }[] } }>("viewer", "POST", "/api/check", { asset: { channel: "", fields: { subject } } });
      assert.deepEqual([empty.status, empty.body.error.details.map((d) => d.path)], [400, ["asset.channel"]]);
    });

    test("with useCase, the asset's fields are also checked against the use case's output rules, as `onbrand generate` checks an answer", async () => {
      const file = ["name: Launch email", "asset_type: email", "channels: [email]", "output:", "  fields:", "    - name: subject", "    - name: cta", "      max_words: 3", "instructions: Write it."].join("\n");
      await saveUseCaseVersion(studio.store.db, studio.a.workspace.id, { brandId: studio.a.brand.id, useCaseId: "launch-email", file }, null);
      const asset = { channel: "email", fields: { subject: "Meet Fizzwell Zero", cta: "Find a shop near you" } };
      const answer = await studio.call<{ findings: { rule: string; field: string; line: number; column: number; message: string }[]; score: number; counts: unknown }>("viewer", "POST", "/api/check", {
        asset,
        useCase: "launch-email",
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.deepEqual(
        answer.body.findings.map((f) => [f.rule, f.field, f.line, f.column, f.message]),
        [["Output.Length", "cta", 1, 13, "cta is 5 words; the use case's limit is 3 words (cut 2)"]],
      );
      assert.deepEqual(answer.body.counts, { error: 1, warning: 0, suggestion: 0 });
      assert.equal(answer.body.score, 80);
      const without = await studio.call<{ findings: unknown[] }>("viewer", "POST", "/api/check", { asset });
      assert.deepEqual(without.body.findings, [], "without useCase, the kit's rules alone");

      assert.deepEqual(await studio.call("viewer", "POST", "/api/check", { asset, useCase: "launch-emial" }), {
        status: 404,
        body: { error: { code: "not_found", message: `useCase: there is no use case "launch-emial" in your workspace's library; did you mean "launch-email"? GET /api/use-cases lists them`, details: [] } },
      });
      const text = await studio.call<{ error: { details: unknown[] } }>("viewer", "POST", "/api/check", { text: "Hi", useCase: "launch-email" });
      assert.deepEqual([text.status, text.body.error.details], [400, [{ path: "useCase", message: 'applies to "asset" only: a use case defines fields, and text has none' }]]);
      const channel = await studio.call<{ error: { details: unknown[] } }>("viewer", "POST", "/api/check", { asset: { fields: asset.fields }, channel: "e-mail", useCase: "launch-email" });
      assert.deepEqual([channel.status, channel.body.error.details], [400, [{ path: "channel", message: `channel "e-mail" is not one of the use case's channels; did you mean "email"? Write "email"` }]]);
      const sms = await studio.call<{ error: { details: unknown[] } }>("viewer", "POST", "/api/check", { asset: { ...asset, channel: "sms" }, useCase: "launch-email" });
      assert.deepEqual([sms.status, sms.body.error.details], [400, [{ path: "asset.channel", message: `channel "sms" is not one of the use case's channels; use one of email` }]]);
      // No channel anywhere: the use case's own (email), whose subject limit applies.
      const long = await studio.call<{ findings: { rule: string }[] }>("viewer", "POST", "/api/check", {
        asset: { fields: { ...asset.fields, subject: "Fizzwell Zero is back in twelve-can packs at every shop near you" } },
        useCase: "launch-email",
      });
      assert.deepEqual(long.body.findings.map((f) => f.rule), ["Brand.Length.email.subject", "Output.Length"]);
    });
  });
}
