import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_CHANNELS } from "../channels/default-channels.ts";
import { resolveTarget, type TargetKit } from "./target.ts";

const kit: TargetKit = {
  brand: {
    locale: "en-US",
    audiences: [{ id: "students", name: "College students", description: "18-24, on a budget." }],
    regions: [{ id: "uk", name: "United Kingdom", locale: "en-GB", notes: "Prices in GBP." }, { id: "us" }],
  },
  channels: DEFAULT_CHANNELS,
};
const social = { channels: ["instagram", "x"], variants: { audiences: [], regions: [], channels: [] } };

test("resolves kit audiences and regions with their descriptions and locales", () => {
  const { target, problems } = resolveTarget(kit, social, { channel: "x", audience: "students", region: "uk" });
  assert.deepEqual(problems, []);
  assert.deepEqual(target, {
    channel: { id: "x", name: "X" },
    audience: { id: "students", name: "College students", description: "18-24, on a budget." },
    region: { id: "uk", name: "United Kingdom", locale: "en-GB", notes: "Prices in GBP." },
  });
  assert.deepEqual(resolveTarget(kit, social, { region: "us" }).target?.region, { id: "us", name: "us", locale: "en-US", notes: null });
});

test("the channel defaults to the first variant channel, else the first channel, else none", () => {
  assert.equal(resolveTarget(kit, social, {}).target?.channel?.id, "instagram");
  assert.equal(resolveTarget(kit, { ...social, variants: { audiences: [], regions: [], channels: ["x"] } }, {}).target?.channel?.id, "x");
  assert.equal(resolveTarget(kit, { channels: [], variants: social.variants }, {}).target?.channel, null);
});

test("unknown parts are problems with a did-you-mean; free labels when the kit defines none", () => {
  const { target, problems } = resolveTarget(kit, social, { channel: "sms", audience: "studnets", region: "fr" });
  assert.equal(target, null);
  assert.deepEqual(problems, [
    { path: ["channel"], message: `channel "sms" is not one of the use case's channels`, fix: "use one of instagram, x" },
    { path: ["audience"], message: `audience "studnets" is not one of the kit's audiences; did you mean "students"?`, fix: 'write "students"' },
    { path: ["region"], message: `region "fr" is not one of the kit's regions`, fix: "use one of uk, us" },
  ]);
  const bare: TargetKit = { brand: { locale: "de-DE", audiences: [], regions: [] }, channels: DEFAULT_CHANNELS };
  assert.deepEqual(resolveTarget(bare, social, { audience: "busy parents", region: "Bavaria" }).target, {
    channel: { id: "instagram", name: "Instagram" },
    audience: { id: "busy parents", name: "busy parents", description: null },
    region: { id: "Bavaria", name: "Bavaria", locale: "de-DE", notes: null },
  });
});
