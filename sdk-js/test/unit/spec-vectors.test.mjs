// Runs every case of the shared vectors (spec/assignment/NN-topic.json, listed in its index.json)
// as its own test, one suite per file: against the engine sources and, for assign cases, through
// the built package's public assign() as well; client cases through the public client only.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { hash, bucket } from "../../src/hash.js";
import { validUnitId, compileTargeting, loadConfig, decide, held } from "../../src/engine.js";
import { init } from "../../dist/index.mjs";
import { specFiles } from "./spec-files.mjs";
import { fakeDocument, fakeStorage, record, recordValue, cookieOf } from "./fakes.mjs";

/** A fresh client on the file's state that records the events it sends. */
function recordingClient(config) {
  const sent = [];
  const fetch = async (url, request) => {
    sent.push(...JSON.parse(request.body).events);
    return { ok: true, status: 202, json: async () => ({ accepted: 1, duplicates: 0, rejected: [] }) };
  };
  return { sent, client: init({ config, fetch, onError: () => {}, window: null, document: null }) };
}

const answer = (a) => a.experiment && { experiment: a.experiment, variant: a.variant, forced: a.forced, rollout: a.rollout, ad: a.ad };
const core = (d) => d && { experiment: d.exp.key, variant: d.variant.key, forced: !!d.forced, rollout: !!d.rollout, ad: !!d.ad };

/** A page's client whose visitor record (cookie) holds the unit id and its sticky entries. */
function visitorWithRecord(config, unitId, stored) {
  const document = fakeDocument("moments_id=" + recordValue({ id: unitId, s: stored }));
  const fetch = async () => ({ ok: true, status: 202, json: async () => ({ rejected: [] }) });
  const client = init({ config, fetch, onError: () => {}, window: null, document, storage: fakeStorage() });
  assert.equal(client.unitId, unitId, "the record's unit id");
  return { client, after: () => record(cookieOf(document)).s };
}

const RUN = {
  hash: (t) => hash(t.value),
  bucket: (t) => bucket(t.value),
  unitId: (t) => validUnitId(t.unitId),
  targeting: (t) => compileTargeting(t.targeting)(t.attributes),
  assign(t, state) {
    const d = decide(loadConfig(state).get(t.moment), t.unitId, t.attributes);
    const fromEngine = core(d);
    // the public client must agree with the engine
    const a = recordingClient(state).client.assign(t.moment, { unitId: t.unitId, attributes: t.attributes });
    assert.deepEqual(answer(a) || null, t.expected, "public assign()");
    return fromEngine || null;
  },
  sticky(t, state) {
    const d = decide(loadConfig(state).get(t.moment), t.unitId, t.attributes, t.stored);
    const fromEngine = d && { ...core(d), store: !!d.store };
    if (validUnitId(t.unitId)) {
      // the page's own visitor, whose record holds the entries: same answer, and the record stores it
      const { client, after } = visitorWithRecord(state, t.unitId, t.stored);
      const a = client.assign(t.moment, { attributes: t.attributes });
      assert.deepEqual(answer(a) || null, t.expected && core(d), "public assign()");
      const kept = after();
      if (d) assert.equal(kept[d.exp.key], d.store ? d.variant.key : t.stored[d.exp.key], "the record after assign");
      else assert.deepEqual(kept, t.stored, "nothing stored");
    }
    return fromEngine || null;
  },
  async holdout(t, state) {
    const m = loadConfig(state).get(t.moment);
    const d = decide(m, t.unitId, t.attributes);
    const fromEngine = {
      assignment: core(d) || null,
      holdouts: !validUnitId(t.unitId) || d?.forced ? [] : (m?.holds || []).map((h) => ({ holdout: h.key, variant: held(h, t.unitId) ? "holdout" : "exposed" })),
    };
    assert.deepEqual(fromEngine, t.expected, "engine");
    const { client, sent } = recordingClient(state);
    const a = client.assign(t.moment, { unitId: t.unitId, attributes: t.attributes });
    await client.flush();
    return {
      assignment: answer(a) || null,
      holdouts: sent.filter((e) => e.source == "holdout").map((e) => ({ holdout: e.experiment, variant: e.variant })),
    };
  },
  async client(t, state) {
    const { client, sent } = recordingClient(state);
    const a = client.assign(t.moment, { unitId: t.unitId, attributes: t.attributes });
    await client.flush();
    const exposures = sent.filter((e) => e.type == "exposure");
    assert.ok(exposures.length <= 1, "at most one exposure: " + JSON.stringify(exposures));
    const e = exposures[0];
    if (e) assert.equal(e.unitId, t.unitId);
    return {
      experiment: a.experiment, variant: a.variant, payload: a.payload, inExperiment: a.inExperiment,
      forced: a.forced, rollout: a.rollout, ad: a.ad,
      exposure: e ? { experiment: e.experiment, variant: e.variant, forced: e.forced === true, source: e.source ?? null } : null,
    };
  },
};

const files = specFiles();

test("the vectors cover every op", () => {
  const ops = new Set(files.map((f) => f.doc.op));
  for (const op of Object.keys(RUN)) assert.ok(ops.has(op), "no file of op " + op);
});

for (const { file, doc } of files)
  describe(file, () => {
    for (const t of doc.tests)
      test(t.name, async () => {
        const run = RUN[doc.op];
        assert.ok(run, "unknown op " + doc.op);
        assert.deepEqual(await run(t, doc.state), t.expected);
      });
  });
