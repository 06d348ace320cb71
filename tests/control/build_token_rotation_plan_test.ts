import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { buildTokenRotationPlan } from "../../control/mod.ts";

describe("buildTokenRotationPlan()", () => {
  it("buildTokenRotationPlan() orders stage, verify, switch, revoke and never shows a token", () => {
    const t = (s: string) => `kt_live_${s}_0123456789abcdef`;
    const plan = buildTokenRotationPlan([
      { envVar: "KEEPTRUSTS_API_TOKEN", currentToken: t("a1"), nextToken: t("a2") },
      { envVar: "KEEPTRUSTS_API_KEY", currentToken: t("b1"), nextToken: t("b2") },
    ]);
    assert.deepEqual(plan.steps.map((s) => `${s.action}:${s.envVar}`), [
      "stage:KEEPTRUSTS_API_TOKEN",
      "stage:KEEPTRUSTS_API_KEY",
      "verify:KEEPTRUSTS_API_TOKEN",
      "verify:KEEPTRUSTS_API_KEY",
      "switch:KEEPTRUSTS_API_TOKEN",
      "switch:KEEPTRUSTS_API_KEY",
      "revoke:KEEPTRUSTS_API_TOKEN",
      "revoke:KEEPTRUSTS_API_KEY",
    ]);
    const text = JSON.stringify(plan);
    for (const s of ["a1", "a2", "b1", "b2"]) assert.ok(!text.includes(t(s)));
    assert.notEqual(plan.entries[0].current.fingerprint, plan.entries[0].next.fingerprint);
    const bad: Array<[unknown, RegExp]> = [
      [[], /non-empty/],
      [[{ envVar: "X", currentToken: "", nextToken: "b" }], /currentToken \(X\) is empty/],
      [[{ envVar: "X", currentToken: "same", nextToken: "same" }], /same as currentToken/],
      [[{ envVar: "X", currentToken: "a", nextToken: "b" }, {
        envVar: "X",
        currentToken: "c",
        nextToken: "d",
      }], /appears twice/],
      [[{ envVar: "X", currentToken: "a", nextToken: "b" }, {
        envVar: "Y",
        currentToken: "c",
        nextToken: "b",
      }], /also used by X/],
      [[{ envVar: "lower", currentToken: "a", nextToken: "b" }], /upper-case/],
    ];
    for (const [entries, message] of bad) {
      assert.throws(() => buildTokenRotationPlan(entries as never), message);
      try {
        buildTokenRotationPlan(entries as never);
      } catch (err) {
        assert.ok(!String(err).includes("same") || /same as/.test(String(err)));
      }
    }
  });
});
