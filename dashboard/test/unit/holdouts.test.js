import { test } from "node:test";
import assert from "node:assert/strict";
import { holdoutsOf, coverage, reportRows } from "../../src/js/pages/holdouts.js";
import { parseHash, hashFor } from "../../src/js/router.js";
import { startMockServer, DEV_KEY } from "../../dev/mock-server.js";

const q1 = { key: "q1", percent: 5, moments: ["fmot.hero"], metrics: ["signup"], status: "running" };
const all = { key: "all", percent: 2.5, moments: null, metrics: [], status: "running" };
const over = { key: "over", percent: 10, moments: ["fmot.hero"], metrics: [], status: "ended" };

test("the journey shows on each moment the running holdouts that cover it", () => {
  assert.deepEqual(holdoutsOf("fmot.hero", [q1, all, over]).map((h) => h.key), ["q1", "all"]);
  assert.deepEqual(holdoutsOf("zmot.ad", [q1, all, over]).map((h) => h.key), ["all"], "no moments: every moment");
  assert.deepEqual(holdoutsOf("zmot.ad", undefined), []);
  assert.equal(coverage(q1), "5% of visitors · fmot.hero");
  assert.equal(coverage(all), "2.5% of visitors · every moment");
});

test("a holdout report row shows each side's rate and exposed against held out", () => {
  const rows = reportRows({
    metrics: [
      { metric: "signup", variants: [{ key: "holdout", mean: 0.19047619 }, { key: "exposed", mean: 0.30590717 }],
        comparisons: [{ variant: "exposed", control: "holdout", relativeLift: 0.6060126, ci: [-0.0150890, 1.2271143], pValue: 0.0557815 }] },
      { metric: "refund", variants: [{ key: "holdout", mean: 0 }, { key: "exposed", mean: 0.01 }],
        comparisons: [{ variant: "exposed", control: "holdout", error: "zero_control_mean" }] },
    ],
  });
  assert.deepEqual(rows[0], { metric: "signup", holdout: "19.0%", exposed: "30.6%", lift: "+60.6%", ci: "−1.5% to +122.7%", p: "0.056", note: "" });
  assert.equal(rows[1].lift, "–");
  assert.equal(rows[1].note, "zero_control_mean");
});

test("holdout routes go both ways", () => {
  assert.deepEqual(parseHash("#/holdouts"), { name: "holdouts", params: [], query: {} });
  assert.deepEqual(parseHash(hashFor("holdout", "q1-holdout")), { name: "holdout", params: ["q1-holdout"], query: {} });
});

test("the dev mock creates, lists, reports and ends holdouts with the contract's errors", async () => {
  const mock = await startMockServer({ demo: true });
  const call = (method, path, body) =>
    fetch(mock.url + "/api/v1" + path, { method, headers: { Authorization: `Bearer ${DEV_KEY}`, "Content-Type": "application/json" }, body: body && JSON.stringify(body) })
      .then(async (r) => ({ status: r.status, body: await r.json() }));
  try {
    const moment = (await call("GET", "/moments")).body[0].key;
    assert.equal((await call("POST", "/holdouts", { key: "q1", name: "Q1", percent: 5, moments: [moment], metrics: ["signup"] })).status, 201);
    assert.equal((await call("POST", "/holdouts", { key: "q1", name: "Q1", percent: 5 })).status, 409);
    const bad = await call("POST", "/holdouts", { key: "q2", name: "Q2", percent: 60 });
    assert.deepEqual([bad.status, bad.body.error.field], [400, "percent"]);
    assert.equal((await call("GET", "/holdouts")).body.holdouts.length, 1);
    const report = (await call("GET", "/holdouts/q1/report")).body;
    assert.deepEqual(report.variants.map((v) => v.key), ["holdout", "exposed"]);
    assert.equal((await call("POST", "/holdouts/q1/end")).body.status, "ended");
    assert.equal((await call("POST", "/holdouts/q1/end")).status, 409);
  } finally {
    await mock.close();
  }
});
