import assert from "node:assert/strict";
import { test } from "node:test";
import type { Control } from "../document/prose-document.ts";
import { controlFromComment, controlsIn } from "./controls.ts";

test("controlFromComment: onbrand and vale switches, for everything or one rule or style", () => {
  const cases: [string, Control | null][] = [
    [" onbrand off ", { offset: 9, on: false }],
    [" onbrand on ", { offset: 9, on: true }],
    [" vale off ", { offset: 9, on: false }],
    ["vale ON", { offset: 9, on: true }],
    [" onbrand Brand.Avoid = NO ", { offset: 9, on: false, rule: "Brand.Avoid" }],
    [" vale Brand.Claims.health = YES ", { offset: 9, on: true, rule: "Brand.Claims.health" }],
    [" vale Fizzwell=no ", { offset: 9, on: false, rule: "Fizzwell" }],
    ["\n  onbrand   Brand.Avoid   =   NO\n", { offset: 9, on: false, rule: "Brand.Avoid" }],
    [" a comment about onbrand off ", null],
    [" onbrand ", null],
    [" onbrand maybe ", null],
    [" onbrand Brand.Avoid = MAYBE ", null],
    [' vale Brand.Avoid["Fizz"] = NO ', null],
  ];
  for (const [body, control] of cases) assert.deepEqual(controlFromComment(body, 9), control, JSON.stringify(body));
});

test("controlsIn: every control comment starting in the range, at its <!-- offset", () => {
  const source = "x <!-- vale off --> y <!-- note --> <!-- onbrand A.B = NO --> <!-- vale on -->";
  const found: Control[] = [];
  controlsIn(source, 0, source.indexOf("<!-- vale on"), (c) => found.push(c));
  assert.deepEqual(found, [
    { offset: 2, on: false },
    { offset: 36, on: false, rule: "A.B" },
  ]);
  const unclosed: Control[] = [];
  controlsIn("<!-- vale off", 0, 13, (c) => unclosed.push(c));
  assert.deepEqual(unclosed, []);
});
