import assert from "node:assert/strict";
import { test } from "node:test";
import type { PlannedVariant } from "../core/generate/variant-plan.ts";
import { assetFileName, resumeHint } from "./generate-command.ts";

function variant(channel: string | null, audience: string | null, region: string | null, id = "0123456789abcdef"): PlannedVariant {
  return {
    id,
    useCase: "email",
    kitVersion: "k",
    useCaseVersion: "u",
    briefIndex: 1,
    briefHash: "b",
    brief: {},
    target: {
      channel: channel === null ? null : { id: channel, name: channel },
      audience: audience === null ? null : { id: audience, name: audience, description: null },
      region: region === null ? null : { id: region, name: region, locale: null, notes: null },
    },
    n: 2,
  };
}

test("resumeHint keeps every argument where it was, quotes what the shell would split, and adds --resume once", () => {
  assert.equal(resumeHint(["--out", "x", "push", "--set", "news=hi there"]), "--out x push --set 'news=hi there' --resume");
  assert.equal(resumeHint(["push", "--set", "news=it's", "--resume"]), "push --set 'news=it'\\''s' --resume");
});

test("assetFileName: target parts in order, unset ones and a channel named like the use case left out", () => {
  assert.equal(assetFileName({ id: "email" }, variant("newsletter", "students", "west")), "email.newsletter.students.west.b2.v3.json");
  assert.equal(assetFileName({ id: "email" }, variant("email", null, "west")), "email.west.b2.v3.json");
});

test("assetFileName: a part made safe carries the variant id, so 'busy parents' and 'busy_parents' stay apart", () => {
  const spaced = assetFileName({ id: "email" }, variant("email", "busy parents", null, "aaaaaaaa11111111"));
  const underscored = assetFileName({ id: "email" }, variant("email", "busy_parents", null, "bbbbbbbb22222222"));
  assert.equal(spaced, "email.busy_parents.b2.v3.aaaaaaaa.json");
  assert.equal(underscored, "email.busy_parents.b2.v3.json");
});
