import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { databaseTargets } from "../../../test/support/databases.ts";
import { demoKitFiles, studioSuite } from "../../../test/support/studio.ts";
import { check } from "../../core/engine/check.ts";
import { loadKit } from "../../core/engine/load-kit.ts";
import { jsonFinding } from "../../format/json.ts";
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
  });
}
