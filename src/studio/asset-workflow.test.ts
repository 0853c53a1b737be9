import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ASSET_STATUSES, type AssetStatus } from "../store/schema.ts";
import { allowedActions, findingKey, nextStatus, TRANSITIONS, WORKFLOW_ACTIONS, type WorkflowAction, WorkflowError } from "./asset-workflow.ts";

const id = "0b7e5a52-3c1f-4c55-9d0e-8f7a2c6d1b3e";

describe("the workflow's transition table", () => {
  test("every status has a row, and the rows are the documented workflow", () => {
    assert.deepEqual(Object.keys(TRANSITIONS), [...ASSET_STATUSES]);
    const table = Object.fromEntries(ASSET_STATUSES.map((status) => [status, allowedActions(status).map((a) => `${a}->${nextStatus({ id, status }, a)}`)]));
    assert.deepEqual(table, {
      draft: ["check->checked", "edit->checked"],
      checked: ["edit->checked", "submit->in_review"],
      in_review: ["edit->checked", "approve->approved", "reject->rejected", "request_changes->changes_requested"],
      approved: ["edit->checked", "publish->published"],
      rejected: ["edit->checked"],
      changes_requested: ["edit->checked"],
      published: [],
    });
  });

  test("allowedActions lists a status's actions in the order of WORKFLOW_ACTIONS", () => {
    for (const status of ASSET_STATUSES) assert.deepEqual(allowedActions(status), WORKFLOW_ACTIONS.filter((a) => allowedActions(status).includes(a)));
    assert.deepEqual(allowedActions("in_review"), ["edit", "approve", "reject", "request_changes"]);
    assert.deepEqual(allowedActions("published"), []);
  });

  const refused: [AssetStatus, WorkflowAction, string][] = [
    ["draft", "submit", `asset ${id} is draft: it cannot be submitted for review; allowed now: check, edit`],
    ["checked", "approve", `asset ${id} is checked: it cannot be approved; allowed now: edit, submit`],
    ["in_review", "publish", `asset ${id} is in_review: it cannot be published; allowed now: edit, approve, reject, request_changes`],
    ["rejected", "submit", `asset ${id} is rejected: it cannot be submitted for review; allowed now: edit`],
    ["changes_requested", "reject", `asset ${id} is changes_requested: it cannot be rejected; allowed now: edit`],
    ["approved", "request_changes", `asset ${id} is approved: it cannot be sent back with changes requested; allowed now: edit, publish`],
    ["published", "publish", `asset ${id} is published: it cannot be published; allowed now: nothing (it is final)`],
    [
      "published",
      "edit",
      `asset ${id} is published: a published asset cannot be edited; create a new asset, or a variant of it (POST /api/assets with kind "variant" and parentAssetId)`,
    ],
  ];
  for (const [status, action, message] of refused) {
    test(`${action} from ${status} is an invalid_transition naming the status and what is allowed`, () => {
      assert.throws(
        () => nextStatus({ id, status }, action),
        (error: unknown) => error instanceof WorkflowError && error.code === "invalid_transition" && error.message === message,
      );
    });
  }
});

test("findingKey: rule@field:line:column, the field empty for plain text", () => {
  assert.equal(findingKey({ rule: "Brand.Claims.superlative", field: "body", line: 1, column: 17 }), "Brand.Claims.superlative@body:1:17");
  assert.equal(findingKey({ rule: "Brand.Terms", field: null, line: 2, column: 5 }), "Brand.Terms@:2:5");
});
