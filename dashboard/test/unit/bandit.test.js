import { test } from "node:test";
import assert from "node:assert/strict";
import { weightsLayout } from "../../src/js/charts.js";
import { allocationBody, experimentBody, experimentValues } from "../../src/js/form-model.js";
import { bestArmSentence, changingSplitPanel, weightsPanel } from "../../src/js/bandit-view.js";

const HISTORY = [
  { at: "2026-11-10T00:00:00Z", weights: { control: 0.5, bold: 0.5 } },
  { at: "2026-11-11T00:00:00Z", weights: { control: 0.2, bold: 0.8 } },
];

test("the weight history stacks each period's shares from 0 to 100 % as steps", () => {
  const g = weightsLayout(HISTORY, ["control", "bold"], { width: 440, height: 120, left: 40, right: 0, top: 0, bottom: 20, end: "2026-11-12T00:00:00Z" });
  // x: 40..440 over two days; y: 100 (0 %) .. 0 (100 %)
  assert.equal(g.areas.length, 2);
  const [control, bold] = g.areas;
  assert.equal(control.points, "40,50 240,50 240,80 440,80 440,100 240,100 240,100 40,100");
  assert.equal(bold.points, "40,0 240,0 240,0 440,0 440,80 240,80 240,50 40,50");
  assert.equal(bold.latest, 0.8);
  assert.deepEqual(g.yTicks.map((t) => t.label), ["0%", "25%", "50%", "75%", "100%"]);
});

test("weights on any scale are shares of their period; no history draws nothing", () => {
  const g = weightsLayout([{ at: "2026-11-10T00:00:00Z", weights: { a: 1, b: 3 } }], ["a", "b"], { width: 100, height: 100, left: 0, right: 0, top: 0, bottom: 0 });
  assert.equal(g.areas[1].latest, 0.75);
  assert.equal(weightsLayout([], ["a"]).areas.length, 0);
  assert.equal(weightsPanel([], ["a"], () => "#000"), "");
});

test("the form sends a bandit's allocation and reads it back", () => {
  assert.deepEqual(allocationBody({ type: "bandit", updateEvery: "PT1H", minShare: "0.05", burnInUnits: "1000" }),
    { type: "bandit", updateEvery: "PT1H", minShare: 0.05, burnInUnits: 1000 });
  assert.deepEqual(allocationBody({ type: "fixed", minShare: "0.05" }), { type: "fixed" });
  assert.equal(allocationBody(undefined), undefined);
  const values = experimentValues({ key: "b", allocation: { type: "bandit", updateEvery: "P1D", minShare: 0.1, burnInUnits: 500 }, variants: [] });
  assert.equal(values["allocation.type"], "bandit");
  assert.equal(values["allocation.minShare"], "0.1");
  const { body } = experimentBody({ key: "b", moment: "m", "variants[0].key": "a", "variants[0].weight": "1", "allocation.type": "bandit", "allocation.updateEvery": "P1D", "allocation.minShare": "0.1", "allocation.burnInUnits": "500" });
  assert.deepEqual(body.allocation, { type: "bandit", updateEvery: "P1D", minShare: 0.1, burnInUnits: 500 });
  const started = experimentBody({ "allocation.type": "bandit" }, { mode: "edit", draft: false }).body;
  assert.equal(started.allocation, undefined, "a started experiment's allocation is not sent (field_locked)");
});

test("a bandit's report reads as the best arm with its probability", () => {
  const report = { changingSplit: { estimator: "inverse-probability", metrics: [{ metric: "signup", variants: [{ key: "bold", units: 10, mean: 0.15, pooledMean: 0.17 }] }],
    bandit: { method: "exact", bestArm: "bold", probabilityBest: 0.9712 } } };
  assert.equal(bestArmSentence(report), "bold is the best arm with probability 97%");
  assert.equal(bestArmSentence({}), null);
  const panel = String(changingSplitPanel(report));
  assert.match(panel, /15\.0%/);
  assert.match(panel, /17\.0%/);
  assert.match(panel, /best arm with probability 97%/);
});

test("a bandit's decision shows the best arm and no planned sample", async () => {
  const { decisionPanel } = await import("../../src/js/report-view.js");
  const panel = String(decisionPanel({ outcome: "keep_running", winner: null, bestArm: "warm", probabilityBest: 0.91, unitsNeeded: 5000, plannedUnitsPerVariant: 2000, daysLeft: 3, reason: "A bandit: …" }, 0.4, "running"));
  assert.match(panel, /warm · 91%/);
  assert.doesNotMatch(panel, /more units needed|left at current traffic|planned per variant/);
  const fixed = String(decisionPanel({ outcome: "keep_running", winner: null, unitsNeeded: 5000, daysLeft: 3, reason: "…" }, 0.4, "running"));
  assert.match(fixed, /more units needed/);
});

test("the changing-split panel names the period its figures are weighted by", () => {
  const report = (granularity) => ({ changingSplit: { estimator: "inverse-probability", granularity, periods: [{}, {}], metrics: [{ metric: "signup", variants: [] }] } });
  assert.match(String(changingSplitPanel(report("update_period"))), /split in effect when its visitors arrived/);
  assert.match(String(changingSplitPanel(report("exposure_day"))), /split of the day its visitors arrived/);
});

test("with a changing split the pooled metric figures are shown but never coloured as a win", async () => {
  const { metricPanel, segmentTables } = await import("../../src/js/report-view.js");
  const metric = { metric: "signup", role: "primary", type: "binomial", direction: "increase",
    variants: [{ key: "control", units: 100, conversions: 10, mean: 0.1 }, { key: "bold", units: 100, conversions: 20, mean: 0.2 }],
    comparisons: [{ variant: "bold", relativeLift: 1, ci: [0.2, 1.8], pValue: 0.01, significant: true, improvement: true }] };
  const fixed = { metrics: [metric], variants: [{ key: "control" }, { key: "bold" }], segments: [{ attribute: "device", value: "mobile", metrics: [metric] }] };
  assert.match(String(metricPanel(metric, fixed, false)), /lift-pos/);
  assert.doesNotMatch(String(metricPanel(metric, fixed, false)), /data-pooled/);
  const changing = { ...fixed, changingSplit: { estimator: "inverse-probability", metrics: [] } };
  const panel = String(metricPanel(metric, changing, false));
  assert.doesNotMatch(panel, /lift-pos/);
  assert.match(panel, /data-pooled/);
  const segments = String(segmentTables(changing));
  assert.doesNotMatch(segments, /lift-pos/);
  assert.match(segments, /data-pooled/);
});
