import { test } from "node:test";
import assert from "node:assert/strict";
import * as f from "../../src/js/format.js";

test("thousands uses separators and rounds", () => {
  assert.equal(f.thousands(11967), "11,967");
  assert.equal(f.thousands(1234567.891, 2), "1,234,567.89");
  assert.equal(f.thousands(0), "0");
});

test("percent adapts its digits to small rates", () => {
  assert.equal(f.percent(0.023), "2.30%");
  assert.equal(f.percent(0.5), "50.0%");
  assert.equal(f.percent(0.125, 0), "13%");
});

test("signedPercent shows a sign and a real minus", () => {
  assert.equal(f.signedPercent(0.26), "+26.0%");
  assert.equal(f.signedPercent(-0.031), "−3.1%");
  assert.equal(f.signedPercent(0), "0.0%");
  assert.equal(f.signedPercent(-0.00001), "0.0%", "a value that rounds to zero has no sign");
});

test("interval joins both ends", () => {
  assert.equal(f.interval([0.07, 0.45]), "+7.0% to +45.0%");
  assert.equal(f.interval([-0.1, 0.5]), "−10.0% to +50.0%");
  assert.equal(f.interval([0.1]), f.MISSING);
});

test("pValue clamps the extremes", () => {
  assert.equal(f.pValue(0.0076), "0.008");
  assert.equal(f.pValue(0.00002), "< 0.001");
  assert.equal(f.pValue(1), "1.000");
});

test("chance never reads as certainty", () => {
  assert.equal(f.chance(0.996), "99.6%");
  assert.equal(f.chance(0.99996), "> 99.9%");
  assert.equal(f.chance(0.00001), "< 0.1%");
});

test("metricValue formats rates as percentages and means as numbers", () => {
  assert.equal(f.metricValue(0.023, "binomial"), "2.30%");
  assert.equal(f.metricValue(1.2345, "mean"), "1.23");
  assert.equal(f.metricValue(1234.5, "mean"), "1,235");
});

test("days rounds up and pluralises", () => {
  assert.equal(f.days(0.2), "1 day");
  assert.equal(f.days(3), "3 days");
  assert.equal(f.days(1500.5), "1,501 days");
});

test("shortDate reads an ISO day", () => {
  assert.equal(f.shortDate("2026-11-23"), "Nov 23");
  assert.equal(f.shortDate("2026-01-05T10:00:00Z"), "Jan 5");
  assert.equal(f.shortDate("yesterday"), "yesterday");
});

test("missing values never throw and show a dash", () => {
  for (const fn of [f.thousands, f.percent, f.signedPercent, f.pValue, f.chance, f.days, f.metricValue]) {
    for (const v of [undefined, null, NaN, Infinity, "0.5"]) assert.equal(fn(v), f.MISSING, `${fn.name}(${v})`);
  }
});

test("rawValue keeps the exact JSON number", () => {
  assert.equal(f.rawValue(0.1 + 0.2), "0.30000000000000004");
  assert.equal(f.rawValue(0), "0");
  assert.equal(f.rawValue(undefined), "");
  assert.equal(Number(f.rawValue(0.0076104)), 0.0076104);
});

test("count and noun agree in number with the count", () => {
  assert.equal(f.count(1, "unit"), "1 unit");
  assert.equal(f.count(0, "unit"), "0 units");
  assert.equal(f.count(11967, "unit"), "11,967 units");
  assert.equal(f.count(2, "person", "people"), "2 people");
  assert.equal(f.count(undefined, "unit"), f.MISSING);
  assert.equal(f.noun(1, "winner to roll out", "winners to roll out"), "winner to roll out");
  assert.equal(f.noun(3, "needs attention", "need attention"), "need attention");
});
