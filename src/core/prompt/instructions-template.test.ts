import assert from "node:assert/strict";
import { test } from "node:test";
import { renderInstructions, templateVariables } from "./instructions-template.ts";

test("templateVariables finds every {{name}}, spaces allowed, with its offset", () => {
  assert.deepEqual(templateVariables("Write about {{ product }} for {{audience}}, then {{product}}."), [
    { name: "product", index: 12 },
    { name: "audience", index: 30 },
    { name: "product", index: 49 },
  ]);
  // Names no input could have are still reported, so a lint can say so.
  assert.deepEqual(templateVariables("{{ Product }} {{offer-code}}"), [
    { name: "Product", index: 0 },
    { name: "offer-code", index: 14 },
  ]);
  assert.deepEqual(templateVariables("{{two words}} {{}} { {x} } {x}"), []);
});

test("renderInstructions writes [name] for names without a value and the value for the others", () => {
  assert.equal(renderInstructions("Announce {{ product }} to {{audience}}."), "Announce [product] to [audience].");
  assert.equal(
    renderInstructions("Announce {{ product }} to {{audience}}.", { audience: "students $& $1" }),
    "Announce [product] to students $& $1.",
  );
  assert.equal(renderInstructions("{{toString}} {{{x}}}", {}), "[toString] {[x]}");
  assert.equal(renderInstructions("No variables {here}."), "No variables {here}.");
});
