import { test } from "node:test";
import assert from "node:assert/strict";
import { messageMatchPanel, interactionVerdict, adSegments } from "../../src/js/message-match.js";
import { exclusionsList } from "../../src/js/what-counts.js";
import { healthPanel, segmentTables } from "../../src/js/report-view.js";
import { resolvePath } from "../support/report-path.js";

const paths = (markup) => [...String(markup).matchAll(/data-value="([^"]*)" data-path="([^"]*)"/g)]
  .map(([, value, path]) => [JSON.parse(path.replaceAll("&quot;", '"')), value]);

const MATCH = {
  adExperiment: "search-ad", metric: "signup",
  cells: [
    { adVariant: "a", landingVariant: "control", units: 60, conversions: 18, rate: 0.3 },
    { adVariant: "a", landingVariant: "match", units: 60, conversions: 9, rate: 0.15 },
    { adVariant: "b", landingVariant: "control", units: 60, conversions: 6, rate: 0.1 },
    { adVariant: "b", landingVariant: "match", units: 60, conversions: 21, rate: 0.35 },
  ],
  bestLanding: [{ adVariant: "a", landingVariant: "control" }, { adVariant: "b", landingVariant: "match" }],
  interaction: { method: "likelihood_ratio", statistic: 17.8, df: 1, pValue: 0.0000245, significant: true },
};
const REPORT = { variants: [{ key: "control" }, { key: "match" }], metrics: [{ metric: "signup", type: "binomial" }], messageMatch: MATCH };

test("the message-match table shows each ad × landing cell's rate and n, each from its place in the report", () => {
  const markup = String(messageMatchPanel(REPORT));
  const cells = paths(markup);
  for (const [path, value] of cells) assert.equal(value, String(resolvePath(REPORT, path)), JSON.stringify(path));
  assert.equal(cells.filter(([p]) => p[1] === "cells").length, 8, "rate and n of four cells");
  assert.match(markup, /30\.0%/);
  assert.match(markup, /n = <span[^>]*>60<\/span> · best/);
  assert.equal((markup.match(/match-best/g) ?? []).length, 2, "one best landing variant per ad");
  assert.match(markup, /data-cell="b×match"/);
});

test("a changing split's message match names no best landing page and makes no call (pooled cells only)", () => {
  for (const report of [
    { ...REPORT, changingSplit: { estimator: "inverse-probability" } },
    { ...REPORT, changingSplit: { estimator: "inverse-probability" }, messageMatch: { ...MATCH, bestLanding: [], interaction: { method: "likelihood_ratio", error: "changing_split" } } },
  ]) {
    const markup = String(messageMatchPanel(report));
    assert.doesNotMatch(markup, /match-best|· best/, "no cell marked best");
    assert.doesNotMatch(markup, /depends on the ad|No evidence|Likelihood-ratio test/);
    assert.match(markup, /data-verdict="pooled"/);
    assert.match(markup, /pools periods of different splits/);
    assert.match(markup, /data-cell="b×match"/, "the cells stay");
  }
});

test("the interaction verdict is said in words, in each of its three states", () => {
  assert.match(interactionVerdict(MATCH).text, /best landing page depends on the ad \(interaction p < 0\.001\): “control” after ad “a”, “match” after ad “b”/);
  const none = { ...MATCH, interaction: { method: "likelihood_ratio", statistic: 0.4, df: 1, pValue: 0.52, significant: false } };
  assert.match(interactionVerdict(none).text, /No evidence that the best landing page depends on the ad \(interaction p = 0\.520\)/);
  const error = { ...MATCH, interaction: { method: "likelihood_ratio", error: "empty_cell" } };
  assert.match(interactionVerdict(error).text, /cannot be tested yet \(empty cell\)/);
  assert.doesNotMatch(String(messageMatchPanel({ ...REPORT, messageMatch: error })), /χ²/, "no figures without a test");
  assert.equal(String(messageMatchPanel({ variants: [] })), "", "no message match without the ad segment");
});

test("a mean metric's cells print the mean with its unit", () => {
  const report = { ...REPORT, metrics: [{ metric: "time_on_page", type: "mean", unit: "s" }],
    messageMatch: { ...MATCH, metric: "time_on_page", cells: [{ adVariant: "a", landingVariant: "control", units: 4, conversions: 4, mean: 31.5 }] } };
  assert.match(String(messageMatchPanel(report)), /31\.50 s/);
});

test("only other experiments whose variants are all ads are offered as ad segments", () => {
  const experiments = [
    { key: "search-ad", status: "running", variants: [{ kind: "ad" }, { kind: "ad" }] },
    { key: "draft-ad", status: "draft", variants: [{ kind: "ad" }] },
    { key: "landing", status: "running", variants: [{ kind: "landing_page" }, { kind: "ad" }] },
  ];
  assert.deepEqual(adSegments(experiments, "landing"), ["ad:search-ad"]);
  assert.deepEqual(adSegments(experiments, "search-ad"), []);
});

test("the health panel says what was kept out of the statistics and why", () => {
  const health = { multipleExposures: 0, forcedExposures: 0, beforeStart: 0, whilePaused: 1, afterStop: 312, implausibleVariant: 0, bot: 7,
    unsignedForce: 0, unsignedAd: 0, manyUnitsInRequest: 0, excludedEvents: 320 };
  const markup = String(healthPanel({ srm: { pValue: 0.5, ok: true }, variants: [{ key: "a", units: 10 }], health }));
  assert.match(markup, /320<\/span> events kept out of the statistics/);
  assert.match(markup, /312<\/span> events dated after it stopped \(pages still carrying the old config\), not counted/);
  assert.match(markup, /1<\/span> event dated while it was paused, not counted/);
  assert.match(markup, /7<\/span> events from known crawlers/);
  assert.doesNotMatch(markup, /data-reason="unsignedAd"/, "a reason with nothing in it is not listed");
  for (const [path, value] of paths(exclusionsList(health))) assert.equal(value, String(resolvePath({ health }, path)));
  assert.match(String(exclusionsList({ excludedEvents: 0 })), /No event was kept out/);
  const refused = String(exclusionsList({ ...health, databaseRefused: 1, excludedEvents: 321 }));
  assert.match(refused, /1<\/span> event the database refused to fold \(stored; listed in the events summary and the server log\), not counted/);
});

test("an ad segment's tables name the ad", () => {
  const markup = String(segmentTables({ variants: [], segments: [{ attribute: "ad:search-ad", value: "b", variants: [{ key: "control", units: 3 }], metrics: [] }] }));
  assert.match(markup, /Visitors of ad “b” \(search-ad\)/);
});

test("the daily values show each day's cohort per variant, each number from its place in the report", async () => {
  const { dailyPanel } = await import("../../src/js/daily-view.js");
  const report = { variants: [{ key: "control" }, { key: "bold" }], metrics: [{ metric: "signup", type: "binomial" }],
    timeline: [{ date: "2026-11-28", controlUnits: 10, variants: [], daily: [{ key: "control", units: 10, conversions: 1, mean: 0.1 }, { key: "bold", units: 0, conversions: 0 }] }] };
  const markup = String(dailyPanel(report));
  for (const [path, value] of paths(markup)) assert.equal(value, String(resolvePath(report, path) ?? ""), JSON.stringify(path));
  assert.equal(paths(markup).length, 6);
  assert.match(markup, /10\.0%/);
  assert.match(markup, /Nov 28/);
  assert.equal(String(dailyPanel({ timeline: [{ date: "2026-11-28", variants: [] }] })), "", "no daily values, no panel");
});

test("a report's selection becomes its query: a segment, or dates", async () => {
  globalThis.sessionStorage ??= { getItem: () => null };
  const { reportQuery } = await import("../../src/js/api.js");
  assert.equal(reportQuery("device"), "?segment=device");
  assert.equal(reportQuery({ segment: "", from: "2026-11-20", to: "2026-11-26" }), "?from=2026-11-20&to=2026-11-26");
  assert.equal(reportQuery({ segment: "ad:search-ad" }), "?segment=ad%3Asearch-ad");
  assert.equal(reportQuery(undefined), "");
});
