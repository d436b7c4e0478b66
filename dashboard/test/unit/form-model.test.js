import { test } from "node:test";
import assert from "node:assert/strict";
import { friendlyMessage, normalizeFieldPath, fieldCandidates, fieldFor, setPath, experimentBody, experimentValues, removeIndex, countOf, funnelOf } from "../../src/js/form-model.js";
import { savedFlash } from "../../src/js/form-model.js";

test("normalizeFieldPath accepts dotted paths, JSON pointers and $-paths", () => {
  assert.equal(normalizeFieldPath("variants[1].weight"), "variants[1].weight");
  assert.equal(normalizeFieldPath("/variants/1/weight"), "variants[1].weight");
  assert.equal(normalizeFieldPath("$.variants[1].weight"), "variants[1].weight");
  assert.equal(normalizeFieldPath("variants.1.weight"), "variants[1].weight");
  assert.equal(normalizeFieldPath(null), "");
});

test("fieldCandidates walks up from the most specific path", () => {
  assert.deepEqual(fieldCandidates("variants[1].payload.layout"), ["variants[1].payload.layout", "variants[1].payload", "variants[1]", "variants"]);
});

test("fieldFor finds the input an API error belongs to", () => {
  const names = ["key", "variants[0].key", "variants[0].weight", "variants[1].weight", "variants[1].payload", "primaryMetric.key", "stats.alpha", "variants"];
  assert.equal(fieldFor("variants[1].weight", names), "variants[1].weight");
  assert.equal(fieldFor("/variants/1/payload/layout", names), "variants[1].payload");
  assert.equal(fieldFor("primaryMetric", names), "primaryMetric.key", "a whole object maps to its first input");
  assert.equal(fieldFor("variants", names), "variants");
  assert.equal(fieldFor("variants[7]", names), "variants");
  assert.equal(fieldFor("nonsense", names), null);
});

test("setPath builds nested objects and arrays", () => {
  const built = setPath({}, "variants[1].weight", 5);
  assert.ok(Array.isArray(built.variants));
  assert.equal(built.variants.length, 2);
  assert.deepEqual(built.variants[1], { weight: 5 });
  assert.deepEqual(setPath({ a: {} }, "a.b", 1), { a: { b: 1 } });
});

const formValues = {
  key: "hero", moment: "fmot.landing-hero", name: " Bold hero ", hypothesis: "", trafficPercent: "50", control: "control",
  "variants[0].key": "control", "variants[0].weight": "1", "variants[0].kind": "landing_page", "variants[0].payload": '{"layout":"classic"}',
  "variants[1].key": "bold", "variants[1].weight": "0", "variants[1].kind": "landing_page", "variants[1].payload": "",
  "primaryMetric.key": "signup", "primaryMetric.type": "binomial",
  "secondaryMetrics[0].key": "revenue", "secondaryMetrics[0].type": "mean", "secondaryMetrics[1].key": "", "secondaryMetrics[1].type": "binomial",
  targeting: "", "stats.alpha": "0.05", "stats.power": "0.8", "stats.mde": "0.1", "stats.method": "group_sequential", "stats.spending": "obrien_fleming", "stats.correction": "holm",
};

test("experimentBody turns the form into the API's create body", () => {
  const { body, errors } = experimentBody(formValues);
  assert.deepEqual(errors, []);
  assert.deepEqual(body, {
    key: "hero", moment: "fmot.landing-hero", name: "Bold hero", trafficPercent: 50,
    variants: [{ key: "control", weight: 1, kind: "landing_page", payload: { layout: "classic" } }, { key: "bold", weight: 0, kind: "landing_page", payload: {} }],
    control: "control", primaryMetric: { key: "signup", type: "binomial", direction: "increase" },
    secondaryMetrics: [{ key: "revenue", type: "mean", direction: "increase" }], guardrailMetrics: [],
    stats: { alpha: 0.05, power: 0.8, mde: 0.1, method: "group_sequential", spending: "obrien_fleming", correction: "holm", varianceReduction: "cuped" },
  });
});

test("an empty funnel is left out of a create and cleared (null) by an edit: the API wants one step at least", () => {
  assert.equal("funnel" in experimentBody(formValues).body, false);
  assert.equal(experimentBody({ ...formValues, funnel: "" }, { mode: "edit", draft: true }).body.funnel, null);
  assert.deepEqual(experimentBody({ ...formValues, funnel: "signup" }, { mode: "edit", draft: true }).body.funnel, ["signup"]);
});

test("experimentBody reports unparsable JSON at its field and leaves the rest to the API", () => {
  const { errors } = experimentBody({ ...formValues, "variants[1].payload": "{layout:", targeting: "[" });
  assert.deepEqual(errors.map((e) => e.field), ["variants[1].payload", "targeting"]);
});

test("an edit of a started experiment leaves variants and keys out", () => {
  const { body } = experimentBody(formValues, { mode: "edit", draft: false });
  assert.equal(body.variants, undefined);
  assert.equal(body.key, undefined);
  assert.equal(body.control, undefined);
  assert.equal(body.targeting, null, "an emptied targeting is cleared");
});

test("experimentValues is the inverse of experimentBody", () => {
  const experiment = {
    key: "hero", moment: "m", name: "Hero", hypothesis: "h", trafficPercent: 30, control: "a",
    variants: [{ key: "a", weight: 1, kind: "ad", payload: { x: 1 } }, { key: "b", weight: 2, kind: "generic", payload: {} }],
    primaryMetric: "signup", secondaryMetrics: [{ key: "time_on_page", type: "mean", direction: "increase", unit: "s", cap: 1800, name: "Time on page" }],
    guardrailMetrics: [{ key: "refund", direction: "decrease" }], funnel: ["engaged", "signup"],
    targeting: { all: [] }, stats: { alpha: 0.1, power: 0.9, mde: 0.2, method: "fixed", spending: "pocock", correction: "bh", varianceReduction: "none", lookbackDays: 28, baseline: 0.023 },
  };
  const { body, errors } = experimentBody(experimentValues(experiment));
  assert.deepEqual(errors, []);
  assert.deepEqual(body, {
    ...experiment, primaryMetric: { key: "signup", type: "binomial", direction: "increase" },
    guardrailMetrics: [{ key: "refund", type: "binomial", direction: "decrease" }],
  });
});

test("saving a started experiment keeps each metric's direction, unit and cap, and leaves the funnel alone", () => {
  const experiment = {
    key: "hero", moment: "m", name: "Hero", trafficPercent: 30, control: "a", status: "running",
    variants: [{ key: "a", weight: 1 }, { key: "b", weight: 1 }], primaryMetric: { key: "signup" },
    secondaryMetrics: [{ key: "time_on_page", type: "mean", unit: "s", cap: 1800 }],
    guardrailMetrics: [{ key: "bounce", type: "binomial", direction: "decrease" }], funnel: ["signup"],
  };
  const { body } = experimentBody(experimentValues(experiment), { mode: "edit", draft: false });
  assert.deepEqual(body.guardrailMetrics, [{ key: "bounce", type: "binomial", direction: "decrease" }]);
  assert.deepEqual(body.secondaryMetrics, [{ key: "time_on_page", type: "mean", direction: "increase", unit: "s", cap: 1800 }]);
  assert.equal(body.funnel, undefined, "the funnel is fixed once the experiment has started");
});

test("the funnel is read as metric keys in order, and the FMOT preset is asked for on create only", () => {
  assert.deepEqual(funnelOf("engaged, signup > first_purchase"), ["engaged", "signup", "first_purchase"]);
  assert.deepEqual(funnelOf(""), []);
  assert.equal(experimentBody({ ...formValues, preset: true }).body.preset, "fmot");
  assert.equal(experimentBody({ ...formValues, preset: false }).body.preset, undefined);
  assert.equal(experimentBody({ ...formValues, preset: true }, { mode: "edit" }).body.preset, undefined);
});

test("removeIndex renumbers the items after the removed one", () => {
  const v = { "variants[0].key": "a", "variants[1].key": "b", "variants[2].key": "c", name: "x" };
  assert.deepEqual(removeIndex(v, "variants", 1), { "variants[0].key": "a", "variants[1].key": "c", name: "x" });
  assert.equal(countOf(v, "variants"), 3);
  assert.equal(countOf(v, "guardrailMetrics"), 0);
});

test("friendlyMessage replaces a generic schema sentence by the field's rule", () => {
  assert.equal(friendlyMessage("variants[1].weight", "Invalid 'variants[1].weight': Property \"weight\" does not match schema"), "The weight must be a number above 0.");
  assert.match(friendlyMessage("key", "Invalid 'key': Property \"key\" does not match schema"), /lower-case letters/);
  assert.equal(friendlyMessage("variants[1].weight", "weight must be positive"), "weight must be positive", "a message written for people is kept");
  assert.equal(friendlyMessage("whatever", "Property x does not match schema"), "Property x does not match schema");
});

test("a save with warnings from the server keeps them in a warning notice", () => {
  assert.deepEqual(savedFlash("Changes saved.", []), ["good", "Changes saved."]);
  assert.deepEqual(savedFlash("Changes saved."), ["good", "Changes saved."]);
  const [tone, message] = savedFlash("Changes saved.", [{ code: "unknown_attribute", attribute: "contry", message: "Targeting uses `contry`, an attribute no SDK sends." }]);
  assert.equal(tone, "warn");
  assert.equal(message, "Changes saved. Please check: Targeting uses `contry`, an attribute no SDK sends.");
});

test("an experiment stored with the old sequential flag is edited as the method it meant, and saved with that method", () => {
  const old = { key: "k", moment: "m", name: "n", trafficPercent: 100, control: "a", variants: [{ key: "a", weight: 1 }, { key: "b", weight: 1 }],
    primaryMetric: "signup", stats: { alpha: 0.05, power: 0.8, mde: 0.1, sequential: true, correction: "holm" } };
  assert.equal(experimentValues(old)["stats.method"], "always_valid");
  assert.equal(experimentValues({ ...old, stats: { sequential: false } })["stats.method"], "fixed");
  assert.equal(experimentValues({ ...old, stats: {} })["stats.method"], "group_sequential");
  const { body } = experimentBody(experimentValues(old), { mode: "edit", draft: false });
  assert.equal(body.stats.method, "always_valid");
  assert.equal("sequential" in body.stats, false, "the old flag is not sent: the method says it");
});

test("a ratio metric's parts and a retention metric's window go to the API and come back", () => {
  const experiment = {
    key: "hero", moment: "m", name: "Hero", hypothesis: "h", trafficPercent: 30, control: "a",
    variants: [{ key: "a", weight: 1, kind: "generic", payload: {} }, { key: "b", weight: 1, kind: "generic", payload: {} }],
    primaryMetric: { key: "revenue_per_order", type: "ratio", direction: "increase", numerator: "revenue", denominator: "order" },
    secondaryMetrics: [{ key: "visit", type: "retention", direction: "increase", window: { start: "P1D", end: "P8D" } }],
    guardrailMetrics: [], funnel: [], targeting: { all: [] },
    stats: { alpha: 0.05, power: 0.8, mde: 0.1, method: "fixed", spending: "obrien_fleming", correction: "holm" },
  };
  const values = experimentValues(experiment);
  assert.equal(values["secondaryMetrics[0].window.end"], "P8D");
  values["secondaryMetrics[0].window.start"] = "";
  const { body, errors } = experimentBody(values);
  assert.deepEqual(errors, []);
  assert.deepEqual(body.primaryMetric, experiment.primaryMetric);
  assert.deepEqual(body.secondaryMetrics, [{ ...experiment.secondaryMetrics[0], window: { start: "PT0S", end: "P8D" } }]);
});
