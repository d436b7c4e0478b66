// Assignments per second in Node: @moments/sdk's assign() against @growthbook/growthbook's run()
// on the same two-variant, all-traffic experiment, in the same process.
//   node bench/assign.mjs            (after `npm run build`; or `npm run bench`)
//   BENCH_MS=2000 node bench/assign.mjs   (time per round; 5 interleaved rounds, median reported)
// Both sides log exposures: ours into its event queue (a fetch stub that answers 202), GrowthBook's
// to a no-op trackingCallback. Target: Moments >= 2x GrowthBook.
import { GrowthBook, GrowthBookClient } from "@growthbook/growthbook";
import { init } from "../dist/index.mjs";

const ROUND_MS = +(process.env.BENCH_MS || 1000);
const ROUNDS = 5;
const UNITS = Array.from({ length: 1000 }, (_, i) => "visitor-" + (i * 7919 + 13));

const config = {
  version: "bench",
  moments: [{ key: "fmot.landing-hero", stage: "FMOT" }],
  experiments: [
    {
      key: "hero-2026-11", moment: "fmot.landing-hero", salt: "hero-2026-11", status: "running",
      trafficPercent: 100, ranges: [[0, 10000]], targeting: null, rollout: null,
      variants: [
        { key: "control", weight: 50, payload: { layout: "classic" } },
        { key: "bold", weight: 50, payload: { layout: "bold" } },
      ],
    },
  ],
};
const gbExperiment = {
  key: "hero-2026-11",
  variations: [{ layout: "classic" }, { layout: "bold" }],
  weights: [0.5, 0.5],
  coverage: 1,
  hashAttribute: "id",
};
const quiet = { window: null, document: null, navigator: null, fetch: async () => ({ ok: true, status: 202 }), onError: () => {} };

// each case: a function doing one assignment for call number i, returning the variant's layout
const cases = {
  "page (one visitor, repeated)": {
    moments: (() => {
      const m = init({ ...quiet, config, unitId: "visitor-42" });
      return () => m.assign("fmot.landing-hero").payload.layout;
    })(),
    growthbook: (() => {
      const gb = new GrowthBook({ attributes: { id: "visitor-42" }, trackingCallback: () => {} });
      return () => gb.run(gbExperiment).value.layout;
    })(),
  },
  // the same visitor, but with a per-call context: no memo, every call hashes and decides
  "page, no memo (one visitor, ctx per call)": {
    moments: (() => {
      const m = init({ ...quiet, config });
      const ctx = { unitId: "visitor-42" };
      return () => m.assign("fmot.landing-hero", ctx).payload.layout;
    })(),
    growthbook: (() => {
      const gb = new GrowthBook({ attributes: { id: "visitor-42" }, trackingCallback: () => {} });
      return () => gb.run(gbExperiment).value.layout;
    })(),
  },
  "server (1000 visitors, round robin)": {
    moments: (() => {
      const m = init({ ...quiet, config });
      return (i) => m.assign("fmot.landing-hero", { unitId: UNITS[i % 1000] }).payload.layout;
    })(),
    growthbook: (() => {
      const gb = new GrowthBookClient({ trackingCallback: () => {} });
      gb.initSync({ payload: { features: {} } });
      return (i) => gb.runInlineExperiment(gbExperiment, { attributes: { id: UNITS[i % 1000] } }).value.layout;
    })(),
  },
};

let sink = 0;
function opsPerSecond(f) {
  let n = 0;
  const end = performance.now() + ROUND_MS;
  while (performance.now() < end) for (let j = 0; j < 1000; j++, n++) sink += f(n).length;
  return n / (ROUND_MS / 1000);
}
const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];

console.log(`node ${process.version}, ${ROUNDS} rounds of ${ROUND_MS} ms, median ops/s`);
for (const [name, { moments, growthbook }] of Object.entries(cases)) {
  for (let i = 0; i < 20000; i++) moments(i), growthbook(i); // warm up both
  const ours = [], theirs = [];
  for (let r = 0; r < ROUNDS; r++) ours.push(opsPerSecond(moments)), theirs.push(opsPerSecond(growthbook));
  const a = median(ours), b = median(theirs);
  console.log(
    `${name}: moments ${Math.round(a).toLocaleString("en")} ops/s, growthbook ${Math.round(b).toLocaleString("en")} ops/s, ratio ${(a / b).toFixed(2)}x`
  );
}
if (!sink) console.log(""); // keeps the work observable
