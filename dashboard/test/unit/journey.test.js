import { test } from "node:test";
import assert from "node:assert/strict";
import { summaryCounts, summaryLabels, headline } from "../../src/js/pages/journey.js";

const report = (outcome) => ({ variants: [{ key: "control", units: 1 }], decision: { outcome, winner: outcome === "winner" ? "bold" : undefined } });

test("a winner already stopped and rolled out is not a winner to roll out", () => {
  const experiments = [
    { key: "live", status: "running" },
    { key: "rolled", status: "stopped", rollout: "bold" },
    { key: "ended", status: "stopped" },
    { key: "held", status: "paused" },
    { key: "broken", status: "running" },
  ];
  const reports = new Map([["live", report("winner")], ["rolled", report("winner")], ["ended", report("winner")], ["held", report("keep_running")], ["broken", report("srm")]]);
  const counts = summaryCounts(experiments, reports);
  assert.equal(counts.toRollOut, 1, "only the running winner waits to be rolled out");
  assert.equal(counts.attention, 1);
  assert.equal(counts.running, 2);
});

test("summary tiles agree with their counts", () => {
  assert.deepEqual(summaryLabels({ running: 1, drafts: 1, toRollOut: 1, attention: 1 }),
    { running: "running", drafts: "draft", toRollOut: "winner to roll out", attention: "needs attention" });
  assert.deepEqual(summaryLabels({ running: 0, drafts: 2, toRollOut: 0, attention: 3 }),
    { running: "running", drafts: "drafts", toRollOut: "winners to roll out", attention: "need attention" });
});

test("the journey headline counts units in the right number", () => {
  assert.match(headline(report("keep_running")), /^1 unit$/);
  assert.match(headline({ variants: [{ units: 2 }] }), /^2 units$/);
});
