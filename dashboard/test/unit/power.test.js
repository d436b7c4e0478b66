import { test } from "node:test";
import assert from "node:assert/strict";
import { resultMarkup } from "../../src/js/pages/power.js";

test("the power result's words agree with its numbers", () => {
  const one = String(resultMarkup({ unitsPerVariant: 1, totalUnits: 2 }, { variants: "2", daily: "1", baseline: "0.5", mde: "0.5", power: "0.8", alpha: "0.05" }));
  assert.match(one, />unit per variant</);
  assert.match(one, /at 1 visitor a day/);
  assert.match(one, /2 days/);
  const many = String(resultMarkup({ unitsPerVariant: 11967, totalUnits: 23934 }, { variants: "2", daily: "2000", baseline: "0.023", mde: "0.25", power: "0.8", alpha: "0.05" }));
  assert.match(many, />units per variant</);
  assert.match(many, /at 2,000 visitors a day/);
});

test("a group-sequential plan says what it adds to the single read's sample", () => {
  const markup = String(resultMarkup({ unitsPerVariant: 12561, totalUnits: 25122, method: "group_sequential", fixedUnitsPerVariant: 11967, inflationFactor: 1.0496 },
    { variants: "2", daily: "2000", baseline: "0.023", mde: "0.25", power: "0.8", alpha: "0.05" }));
  assert.match(markup, /11,967 per variant for a single read, × 1\.050 for the daily looks/);
  assert.doesNotMatch(String(resultMarkup({ unitsPerVariant: 11967, totalUnits: 23934, method: "fixed", fixedUnitsPerVariant: 11967, inflationFactor: 1 },
    { variants: "2", baseline: "0.023", mde: "0.25", power: "0.8", alpha: "0.05" })), /daily looks/);
});
