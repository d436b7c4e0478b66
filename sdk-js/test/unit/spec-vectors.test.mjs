// Runs every case of the shared spec/assignment.json as its own test, against the engine sources
// and, for assign cases, against the built package's public assign() as well.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hash, bucket } from "../../src/hash.js";
import { validUnitId, compileTargeting, loadConfig, decide } from "../../src/engine.js";
import { init } from "../../dist/index.mjs";

const SPEC = new URL("../../../spec/assignment.json", import.meta.url);
let cases = [];
try {
  cases = JSON.parse(readFileSync(SPEC, "utf8")).cases;
} catch (e) {
  test("spec/assignment.json is readable", () => {
    assert.fail(`cannot read the shared test vectors at ${SPEC.pathname}: ${e.message}`);
  });
}

test("spec/assignment.json covers every op", () => {
  const ops = new Set(cases.map((c) => c.input.op));
  for (const op of ["hash", "bucket", "unitId", "targeting", "assign"]) assert.ok(ops.has(op), "no " + op + " case");
});

const client = (config) =>
  init({ config, fetch: async () => ({ ok: true, status: 202 }), onError: () => {}, window: null, document: null });

const RUN = {
  hash: (i) => hash(i.value),
  bucket: (i) => bucket(i.value),
  unitId: (i) => validUnitId(i.unitId),
  targeting: (i) => compileTargeting(i.targeting)(i.attributes),
  assign(i, expected) {
    const d = decide(loadConfig(i.config).get(i.moment), i.unitId, i.attributes);
    const fromEngine = d && { experiment: d.exp.key, variant: d.variant.key, forced: d.forced, rollout: d.rollout };
    // the public client must agree with the engine, and carry the variant's payload
    const a = client(i.config).assign(i.moment, { unitId: i.unitId, attributes: i.attributes });
    const fromClient = a.experiment && { experiment: a.experiment, variant: a.variant, forced: a.forced, rollout: a.rollout };
    assert.deepEqual(fromClient || null, expected, "public assign()");
    if (a.experiment) {
      const exp = i.config.experiments.find((e) => e.key === a.experiment);
      assert.deepEqual(a.payload, exp.variants.find((v) => v.key === a.variant).payload ?? {}, "payload");
      assert.equal(a.inExperiment, !a.rollout);
    }
    return fromEngine || null;
  },
};

for (const c of cases)
  test(c.name, () => {
    const run = RUN[c.input.op];
    assert.ok(run, "unknown op " + c.input.op);
    assert.deepEqual(run(c.input, c.expected), c.expected);
  });
