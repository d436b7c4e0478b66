import { test } from "node:test";
import assert from "node:assert/strict";
import { metricTable, maturingNote, decisionPanel, methodSentence, adjustmentLabel, variantsPanel, planProgress, healthPanel, segmentTables, timelinePanel, funnelPanel, metricPanel, liftClass, warningsPanel, dataBehind } from "../../src/js/report-view.js";

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

test("a comparison over a sum too large to hold says so and shows no lift", () => {
  const markup = String(metricTable({ metric: "revenue", variants: [{ key: "control", units: 10, conversions: 2, error: "non_finite_sum" }, { key: "b", units: 10, conversions: 1, mean: 3 }],
    comparisons: [{ variant: "b", control: "control", error: "non_finite_sum" }] }, () => "#000"));
  assert.match(markup, /Not computable: the values of an arm sum past what a number can hold \(give the metric a cap\)/);
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

test("with no units the sample ratio has nothing to check: neutral, never green", () => {
  for (const report of [
    { variants: [{ key: "a", units: 0 }, { key: "b", units: 0 }], srm: { ok: true, error: "zero_units" }, health: { multipleExposures: 0, forcedExposures: 0 } },
    { variants: [{ key: "a", units: 0 }, { key: "b", units: 0 }], srm: { ok: true, pValue: 1 } },
  ]) {
    const markup = String(healthPanel(report));
    const sampleRatio = markup.split('class="health-item')[1];
    assert.doesNotMatch(sampleRatio, /health-ok/);
    assert.match(sampleRatio, /health-neutral/);
    assert.doesNotMatch(markup, /Split matches/);
    assert.match(sampleRatio, /Nothing to check yet/);
    assert.doesNotMatch(markup, /health-ok/, "no check shows as passed before any unit is counted");
  }
  const counted = String(healthPanel({ variants: [{ key: "a", units: 500 }, { key: "b", units: 510 }], srm: { ok: true, pValue: 0.75 } }));
  assert.match(counted, /health-ok[^]*Split matches the weights/);
});

test("numbers and nouns agree: 1 unit, 2 units", () => {
  assert.match(String(variantsPanel({ variants: [{ key: "a", units: 1 }, { key: "b", units: 0 }] })), /1 unit in the statistics/);
  assert.match(String(variantsPanel({ variants: [{ key: "a", units: 1 }, { key: "b", units: 1 }] })), /2 units in the statistics/);
  const one = String(decisionPanel({ outcome: "keep_running", reason: "r", unitsNeeded: 1, daysLeft: 1 }));
  assert.match(one, /more unit needed/);
  assert.doesNotMatch(one, /more units needed/);
  const segment = String(segmentTables({ variants: [], segments: [{ attribute: "device", value: "tv", variants: [{ key: "a", units: 1 }], metrics: [] }] }));
  assert.match(segment, /1 unit\b/);
  assert.doesNotMatch(segment, /1 units/);
});

test("metric table cells carry their column's name, for the stacked phone layout", () => {
  const metric = {
    metric: "signup", role: "primary", type: "binomial",
    variants: [{ key: "control", units: 10, conversions: 1, mean: 0.1 }, { key: "bold", units: 10, conversions: 2, mean: 0.2 }],
    comparisons: [{ variant: "bold", control: "control", relativeLift: 1, ci: [-0.5, 2.5], pValue: 0.5, adjustedPValue: 0.5, chanceToBeat: 0.7 }],
  };
  const markup = String(metricTable(metric, () => "#000"));
  for (const label of ["Units", "Conversions", "Rate", "Lift", "Interval", "p-value", "Adjusted p", "Chance to beat"]) {
    assert.ok(markup.includes(`data-label="${label}"`), `a cell labelled ${label}`);
  }
});

test("with no units the timeline and the funnel say so instead of drawing empty charts", () => {
  const report = {
    variants: [{ key: "control", units: 0 }, { key: "bold", units: 0 }],
    metrics: [{ metric: "signup", comparisons: [{ variant: "bold", control: "control", error: "zero_units" }] }],
    timeline: [{ date: "2026-11-29", variants: [{ key: "bold", units: 0 }] }],
    funnel: [{ metric: "signup", variants: [{ key: "control", units: 0 }, { key: "bold", units: 0 }] }],
  };
  const timeline = String(timelinePanel(report));
  assert.match(timeline, /No daily results yet/);
  assert.doesNotMatch(timeline, /<svg/);
  const funnel = String(funnelPanel(report));
  assert.match(funnel, /No units yet/);
  assert.doesNotMatch(funnel, /<svg/);
  assert.doesNotMatch(String(metricPanel(report.metrics[0], report, true)), /<svg/, "no forest plot without a lift to draw");
});

test("inconclusive is what the API says, not derived from the status", () => {
  const markup = String(decisionPanel({ outcome: "keep_running", reason: "r" }, 0.5, "stopped"));
  assert.doesNotMatch(markup, /Inconclusive|stays inconclusive/);
  assert.match(markup, /Keep running/);
});

test("lift colours follow the metric's direction: fewer bounces is green, fewer engaged visitors red", () => {
  const bounce = {
    metric: "bounce", role: "guardrail", type: "binomial", direction: "decrease",
    variants: [{ key: "control", units: 1000, conversions: 410, mean: 0.41 }, { key: "bold", units: 1000, conversions: 360, mean: 0.36 }],
    comparisons: [{ variant: "bold", control: "control", relativeLift: -0.122, ci: [-0.21, -0.03], pValue: 0.02, adjustedPValue: 0.02, chanceToBeat: 0.99, significant: true, improvement: true }],
  };
  assert.match(String(metricTable(bounce, () => "#000")), /class="num lift-pos"/);
  assert.equal(liftClass(bounce.comparisons[0], "decrease"), "lift-pos");
  assert.equal(liftClass({ significant: true, relativeLift: -0.1 }, "decrease"), "lift-pos", "without improvement, read by direction");
  assert.equal(liftClass({ significant: true, relativeLift: -0.1 }, "increase"), "lift-neg");
  assert.equal(liftClass({ significant: true, relativeLift: 0.1, improvement: false }, "increase"), "lift-neg");
  assert.equal(liftClass({ significant: false, relativeLift: 0.1 }, "increase"), "");
  assert.match(String(metricPanel(bounce, { variants: [], metrics: [bounce] }, false)), /lower is better/);
});

test("a mean metric prints its unit, and the report's warnings are shown", () => {
  const time = {
    metric: "time_on_page", role: "secondary", type: "mean", unit: "s", direction: "increase",
    variants: [{ key: "control", units: 10, conversions: 10, mean: 24.87 }], comparisons: [],
  };
  assert.match(String(metricTable(time, () => "#000")), /24\.87 s/);
  assert.match(String(metricPanel(time, { variants: [], metrics: [time] }, false)), /mean \(s\)/);
  const warned = String(warningsPanel({ warnings: [{ code: "undeclared_metric", metric: "sigup", conversions: 412, message: "412 conversions for `sigup`, which no metric declares" }] }));
  assert.match(warned, /412 conversions for `sigup`/);
  assert.equal(warningsPanel({ warnings: [] }), "");
});

test("methodSentence says look k of about n, the boundary, and preliminary or final", () => {
  const report = (sequential, stats = { method: "group_sequential", spending: "obrien_fleming" }) =>
    ({ stats, metrics: [{ metric: "signup", comparisons: [{ variant: "b", sequential }] }] });
  const live = String(methodSentence(report({ method: "group_sequential", look: 5, informationFraction: 0.25, zBoundary: 4.333, alphaSpent: 0.0001, z: 1.5, final: false })));
  assert.match(live, /look 5 of about 20/);
  assert.match(live, /25% of the planned sample/);
  assert.match(live, /reaches 4\.33 \(now 1\.50\)/);
  assert.match(live, /preliminary/);
  const done = String(methodSentence(report({ method: "group_sequential", look: 12, informationFraction: 0.6, zBoundary: 2.5, z: -2.9, final: true, decidedAtLook: 12 })));
  assert.match(done, /look 12 of about 20/);
  assert.match(done, /final/);
  assert.doesNotMatch(done, /preliminary/);
  assert.match(String(methodSentence(report({ method: "group_sequential", look: 0, final: false }))), /until the first look every figure is preliminary/);
  assert.match(String(methodSentence(report({ method: "group_sequential", look: 1, informationFraction: 0.05, zBoundary: null, z: 0.4, final: false }))), /no stop is possible yet/);
  assert.match(String(methodSentence(report(undefined, { method: "fixed" }))), /Fixed-horizon/);
  assert.equal(String(methodSentence({ stats: {} })), "");
  assert.doesNotMatch(live, /CUPED/);
});

test("methodSentence says which comparison's latest look CUPED could not adjust", () => {
  const stats = { method: "group_sequential", spending: "obrien_fleming" };
  const look = { method: "group_sequential", look: 2, informationFraction: 0.1, zBoundary: null, z: 0.4, final: false };
  const report = { stats, metrics: [{ metric: "signup", comparisons: [
    { variant: "bold", sequential: { ...look, cupedFallback: "no_covariate_varies" } },
    { variant: "loud", sequential: look },
  ] }] };
  const text = String(methodSentence(report));
  assert.match(text, /CUPED could not adjust the latest look of bold \(no covariate varies\): that look read the unadjusted lift/);
  assert.doesNotMatch(text, /loud/);
});

test("cupedNote says the figures are adjusted, by how much, with the unadjusted ones on demand", async () => {
  const { cupedNote } = await import("../../src/js/report-view.js");
  const markup = String(cupedNote({ metric: "revenue", comparisons: [
    { variant: "bold", relativeLift: 0.05, varianceReduction: 0.314, unadjusted: { relativeLift: 0.071, ci: [-0.02, 0.16], pValue: 0.12 } },
    { variant: "loud", relativeLift: 0.01, varianceReductionError: "too_few_units", unadjusted: { relativeLift: 0.01 } },
  ] }));
  assert.match(markup, /bold: adjusted \(CUPED, −31 % variance\)/);
  assert.match(markup, /<details class="cuped-unadjusted"><summary>unadjusted figures<\/summary>lift \+7\.1\s?%/);
  assert.match(markup, /p 0\.12/);
  assert.match(markup, /loud: not adjusted \(too few units\)/);
  assert.equal(String(cupedNote({ comparisons: [{ variant: "bold", relativeLift: 0.1 }] })), "", "nothing without CUPED");
});

test("a windowed metric says how many units are still maturing, per arm", () => {
  const metric = { metric: "visit", type: "retention", window: { start: "P1D", end: "P8D" },
    variants: [{ key: "control", units: 2, conversions: 1, mean: 0.5, maturingUnits: 4 }, { key: "bold", units: 2, conversions: 1, mean: 0.5, maturingUnits: 3 }],
    comparisons: [] };
  const markup = String(metricTable(metric, () => "#000"));
  assert.match(markup, /7 units still maturing/);
  assert.match(markup, /control 4, bold 3/);
  assert.equal(String(maturingNote({ variants: [{ key: "control", units: 6, maturingUnits: 0 }] })), "");
});

test("data far behind shows its date and how far behind, on the variants and beside the decision", () => {
  const now = Date.parse("2026-11-30T12:00:00Z");
  const fresh = { dataAsOf: "2026-11-30T11:59:58Z", variants: [{ key: "a", units: 1 }] };
  assert.equal(dataBehind(fresh, now), null);
  assert.doesNotMatch(String(variantsPanel(fresh, null, now)), /data-stale|behind/);
  // a fold stopped for a day: the time alone ("data as of 12:00:00") looked current
  const stalled = { dataAsOf: "2026-11-29T09:40:00Z", variants: [{ key: "a", units: 1 }] };
  const behind = dataBehind(stalled, now);
  assert.equal(behind, (26 * 60 + 20) * 60 * 1000);
  const panel = String(variantsPanel(stalled, null, now));
  assert.match(panel, /data-stale/);
  assert.match(panel, /1 d 2 h behind/);
  const decided = String(decisionPanel({ outcome: "winner", winner: "bold", reason: "Bold wins." }, null, "stopped", behind));
  assert.match(decided, /The data is 1 d 2 h behind: events stored since are not counted yet/);
  assert.doesNotMatch(String(decisionPanel({ outcome: "winner", winner: "bold", reason: "Bold wins." }, null, "stopped", null)), /data-stale/);
});
