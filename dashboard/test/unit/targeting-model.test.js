import { test } from "node:test";
import assert from "node:assert/strict";
import { rowsFromTargeting, targetingFromRows, conditionOf, sameJson } from "../../src/js/targeting-model.js";

test("rules the builder can show go JSON → rows → the same JSON", () => {
  const rules = [
    { all: [{ attribute: "device", op: "in", values: ["mobile", "tablet"] }, { attribute: "paid", op: "eq", value: true }] },
    { any: [{ attribute: "utm_source", op: "eq", value: "google" }, { attribute: "referrer_host", op: "contains", value: "news" }] },
    { attribute: "country", op: "nin", values: ["DE", "AT"] },
    { all: [{ attribute: "returning", op: "exists", value: false }, { attribute: "utm_campaign", op: "neq", value: "spring" }] },
    { all: [{ attribute: "intent", op: "gte", value: 3 }] },
  ];
  for (const rule of rules) {
    const state = rowsFromTargeting(rule);
    assert.ok(state, JSON.stringify(rule));
    assert.deepEqual(targetingFromRows(state), rule);
  }
  assert.deepEqual(rowsFromTargeting(null), { match: "all", rows: [], bare: false });
  assert.equal(targetingFromRows({ match: "all", rows: [] }), null, "no rows is no targeting");
});

test("rows → JSON → the same rows", () => {
  const state = { match: "any", bare: false, rows: [
    { attribute: "device", op: "in", value: "mobile, tablet" },
    { attribute: "paid", op: "eq", value: "true" },
    { attribute: "utm_medium", op: "eq", value: "cpc" },
    { attribute: "intent", op: "lt", value: "2" },
    { attribute: "channel", op: "exists", value: "true" },
  ] };
  const json = targetingFromRows(state);
  assert.deepEqual(json.any[1], { attribute: "paid", op: "eq", value: true }, "paid is a boolean, as the JS SDK records it");
  assert.deepEqual(json.any[3], { attribute: "intent", op: "lt", value: 2 }, "comparisons take numbers");
  assert.deepEqual(rowsFromTargeting(json), state);
});

test("a rule the builder cannot show exactly falls back to JSON", () => {
  const cannot = [
    { not: { attribute: "device", op: "eq", value: "mobile" } },
    { all: [{ any: [{ attribute: "device", op: "eq", value: "mobile" }] }] },
    { all: [{ attribute: "plan", op: "eq", value: "pro" }] },
    { all: [{ attribute: "device", op: "semver_gte", value: "1.2.0" }] },
    { all: [{ attribute: "paid", op: "eq", value: "true" }] },
    { all: [{ attribute: "country", op: "in", values: ["a,b"] }] },
    { all: [] },
  ];
  for (const rule of cannot) assert.equal(rowsFromTargeting(rule), null, JSON.stringify(rule));
});

test("values are typed as the SDKs compare them", () => {
  assert.deepEqual(conditionOf({ attribute: "returning", op: "eq", value: "false" }), { attribute: "returning", op: "eq", value: false });
  assert.deepEqual(conditionOf({ attribute: "country", op: "eq", value: "true" }), { attribute: "country", op: "eq", value: "true" });
  assert.deepEqual(conditionOf({ attribute: "intent", op: "gt", value: "x" }), { attribute: "intent", op: "gt", value: "x" });
  assert.ok(sameJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] }));
  assert.ok(!sameJson({ a: 1 }, { a: "1" }));
});
