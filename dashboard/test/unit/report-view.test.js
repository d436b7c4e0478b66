import { test } from "node:test";
import assert from "node:assert/strict";
import { metricTable, decisionPanel, adjustmentLabel, variantsPanel, planProgress } from "../../src/js/report-view.js";

const paths = (markup) => [...String(markup).matchAll(/data-value="([^"]*)" data-path="([^"]*)"/g)]
  .map(([, value, path]) => [JSON.parse(path.replaceAll("&quot;", '"')), value]);

test("metricTable puts every number's JSON value and origin on its cell", () => {
  const metric = {
    metric: "signup", role: "primary", type: "binomial",
    variants: [{ key: "control", units: 1000, conversions: 23, mean: 0.023 }, { key: "bold", units: 1000, conversions: 29, mean: 0.029 }],
    comparisons: [{ variant: "bold", control: "control", relativeLift: 0.26, ci: [0.07, 0.45], pValue: 0.0076, adjustedPValue: 0.0152, chanceToBeat: 0.996 }],
  };
  const cells = new Map(paths(metricTable(metric, () => "#000")).map(([p, v]) => [JSON.stringify(p), v]));
  assert.equal(cells.get('["metrics","signup","variants","bold","mean"]'), "0.029");
  assert.equal(cells.get('["metrics","signup","comparisons","bold","ci",1]'), "0.45");
  assert.equal(cells.get('["metrics","signup","comparisons","bold","adjustedPValue"]'), "0.0152");
  assert.equal(cells.size, 6 + 6);
});

test("a degenerate comparison shows why, with no numbers", () => {
  const markup = String(metricTable({ metric: "refund", variants: [{ key: "control", units: 10, conversions: 0, mean: 0 }],
    comparisons: [{ variant: "b", control: "control", error: "zero_control_mean" }] }, () => "#000"));
  assert.match(markup, /Not computable: control has no conversions yet/);
  assert.ok(markup.includes(">b<"), "the variant only a comparison names still gets a row");
  assert.ok(!paths(markup).some(([p]) => p.includes("comparisons")));
});

test("decisionPanel shows units still needed and days left only while the test runs on", () => {
  const running = String(decisionPanel({ outcome: "keep_running", reason: "More visitors needed.", unitsNeeded: 12820, daysLeft: 65 }));
  assert.match(running, /12,820/);
  assert.match(running, /65 days/);
  const srm = String(decisionPanel({ outcome: "srm", reason: "Broken split.", unitsNeeded: 5000 }));
  assert.doesNotMatch(srm, /5,000/);
  assert.equal(String(decisionPanel(undefined)), "");
});

test("adjustmentLabel labels secondary metrics as unadjusted", () => {
  assert.equal(adjustmentLabel({ role: "primary", adjustment: "holm" }), "p-values corrected (Holm)");
  assert.equal(adjustmentLabel({ role: "secondary", adjustment: "none" }), "p-values unadjusted");
});

test("variantsPanel prefers the server's observed share", () => {
  const markup = String(variantsPanel({ variants: [{ key: "a", units: 3, expectedShare: 0.5, observedShare: 0.6 }, { key: "b", units: 2, expectedShare: 0.5, observedShare: 0.4 }] }));
  assert.ok(paths(markup).some(([p, v]) => p.join() === "variants,a,observedShare" && v === "0.6"));
});

test("planProgress is the share of the planned sample already counted", () => {
  const report = { variants: [{ units: 300 }, { units: 300 }], decision: { plannedTotalUnits: 2400 } };
  assert.equal(planProgress(report), 0.25);
  assert.equal(planProgress({ variants: [{ units: 5000 }], decision: { plannedTotalUnits: 2400 } }), 1);
  assert.equal(planProgress({ variants: [], decision: {} }), null);
  assert.match(String(decisionPanel({ outcome: "keep_running", reason: "r" }, 0.25)), /25% of the planned sample/);
});

test("a stopped experiment's keep-running decision reads as inconclusive, with no units to collect", () => {
  const markup = String(decisionPanel({ outcome: "keep_running", stoppedEarly: true, reason: "r", unitsNeeded: 900, daysLeft: 3 }, 0.5, "stopped"));
  assert.match(markup, /Inconclusive/);
  assert.match(markup, /stays inconclusive/);
  assert.doesNotMatch(markup, /900|3 days|planned sample<\/span>/);
});

test("inconclusive is what the API says, not derived from the status", () => {
  const markup = String(decisionPanel({ outcome: "keep_running", reason: "r" }, 0.5, "stopped"));
  assert.doesNotMatch(markup, /Inconclusive|stays inconclusive/);
  assert.match(markup, /Keep running/);
});
