// Edge cases of the spec that the shared vectors do not pin down by themselves.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadConfig, decide, compileTargeting } from "../../src/engine.js";
import { bucket, hash, feed } from "../../src/hash.js";
import { heroConfig } from "./fakes.mjs";

const UNITS = Array.from({ length: 400 }, (_, i) => "unit-" + i);
const hero = (overrides) => loadConfig(heroConfig(overrides)).get("fmot.landing-hero");
const variantsOf = (m, attributes) => UNITS.map((u) => decide(m, u, attributes)?.variant.key ?? null);

test('"ranges": null means nobody, even at 100 % traffic; no ranges field derives them from trafficPercent', () => {
  assert.deepEqual(new Set(variantsOf(hero({ ranges: null }))), new Set([null]));
  assert.deepEqual(new Set(variantsOf(hero({ ranges: [] }))), new Set([null]));
  const derived = variantsOf(hero({ ranges: undefined, trafficPercent: 30 }));
  UNITS.forEach((u, i) => assert.equal(derived[i] !== null, bucket("layer:fmot.landing-hero:" + u) < 3000, u));
});

test("force pairs are trimmed of spaces only", () => {
  const m = hero();
  assert.equal(decide(m, "u", { force: "  hero-2026-11:bold , x:y" })?.forced, true);
  const hashed = (force) => decide(m, "u", { force }) && !decide(m, "u", { force }).forced; // decided, not forced
  assert.ok(hashed("\thero-2026-11:bold"), "a tab is not trimmed");
  assert.ok(hashed("hero-2026-11 :bold"), "nor a space before the colon");
});

test("a weight-0 variant is never chosen", () => {
  const m = hero({ variants: [{ key: "off", weight: 0 }, { key: "on", weight: 1 }, { key: "off2", weight: 0 }] });
  assert.deepEqual(new Set(variantsOf(m)), new Set(["on"]));
});

test("running experiments are candidates before stopped ones with a rollout, whatever the config order", () => {
  const config = heroConfig({ ranges: [[0, 10000]] });
  const rollout = { ...config.experiments[0], key: "old", status: "stopped", rollout: "bold" };
  config.experiments.unshift(rollout);
  const m = loadConfig(config).get("fmot.landing-hero");
  assert.ok(UNITS.every((u) => decide(m, u).exp.key == "hero-2026-11"));
  rollout.rollout = "no-such-variant"; // ignored: assigns nobody
  config.experiments.pop();
  assert.deepEqual(new Set(variantsOf(loadConfig(config).get("fmot.landing-hero"))), new Set([null]));
});

test("a unit whose layer falls in an experiment its targeting excludes gets nothing (no fall-through)", () => {
  const config = heroConfig({ ranges: [[0, 5000]], targeting: { attribute: "device", op: "eq", value: "mobile" } });
  config.experiments.push({ ...config.experiments[0], key: "other", ranges: [[0, 10000]], targeting: null });
  const m = loadConfig(config).get("fmot.landing-hero");
  for (const u of UNITS) {
    const inFirst = bucket("layer:fmot.landing-hero:" + u) < 5000;
    assert.equal(decide(m, u, { device: "desktop" })?.exp.key ?? null, inFirst ? null : "other", u);
  }
});

test("hashing a rest after a fed prefix equals hashing the whole string", () => {
  const parts = ["", "a", "ab", "abc", "abcd", "layer:fmot.landing-hero:", "variant:s1:", "é", "日本語", "😀", "\ud800x"];
  for (const a of parts) for (const b of parts) assert.equal(hash(b, feed(a)), hash(a + b), JSON.stringify([a, b]));
  const state = feed("layer:m:");
  hash("u1", state);
  assert.equal(hash("u2", state), hash("layer:m:u2"), "a state is not changed by using it");
});

// The Java core rejects these configs (spec/README.md, "A config is rejected as a whole"); this SDK
// loaded them and served the first variant to everyone, or split by string-concatenated weights.
test("weights that are not finite numbers >= 0 summing to more than 0 reject the config", () => {
  const weights = (...ws) => () => hero({ variants: ws.map((weight, i) => ({ key: "v" + i, weight })) });
  for (const bad of [[0, 0], [50, "50"], ["1", "2"], [null, 1], [true, 1], [1e308, 1e308], [-1, 2]])
    assert.throws(weights(...bad), /moments: bad/, JSON.stringify(bad));
  assert.deepEqual(new Set(variantsOf(weights(0, 1)())), new Set(["v1"]), "a weight of 0 beside a positive one is fine");
});

test("a holdout's percent outside (0, 50] rejects the config, as in the Java core", () => {
  const held = (h) => () => loadConfig({ ...heroConfig(), holdouts: [{ key: "h", moments: null, ...h }] });
  for (const bad of [{}, { percent: 0 }, { percent: 51 }, { percent: "x" }]) assert.throws(held(bad), /moments: bad/, JSON.stringify(bad));
  assert.doesNotThrow(held({ percent: 50 }));
});

// semver_gte compares versions as strings built to sort like them; this checks it against a plain
// component-by-component comparison (the Java core's Version.compareTo) on many pairs
test("semver_gte agrees with a component-by-component comparison, any component length", () => {
  const parts = (s) => /^[vV]?(\d+(\.\d+)*)([-+]|$)/.exec(s)[1].split(".").map((c) => c.replace(/^0+/, ""));
  const atLeast = (a, b) => {
    for (let i = 0; i < a.length || i < b.length; i++) {
      const x = a[i] || "", y = b[i] || "";
      if (x != y) return x.length != y.length ? x.length > y.length : x > y;
    }
    return true;
  };
  const pool = ["0", "00", "1", "01", "2", "9", "10", "99", "100", "1" + "0".repeat(30)];
  const pick = (i) => pool[(i * 7919) % pool.length];
  const versions = ["v1.2-beta", "1.2.0", "1.10", "V01.002+b7"];
  for (let i = 0; i < 120; i++) versions.push(Array.from({ length: 1 + (i % 4) }, (_, j) => pick(i + j * 3)).join("."));
  // components around 65,535 digits, where a length no longer fits one char
  const long = ["9".repeat(65535), "1" + "0".repeat(65535), "1" + "0".repeat(65536), "1." + "9".repeat(65535), "1." + "1".repeat(65536) + ".0"];
  const pairs = [...versions.flatMap((x) => versions.slice(0, 40).map((v) => [x, v])), ...long.flatMap((x) => long.map((v) => [x, v]))];
  for (const [x, v] of pairs) {
    const cond = compileTargeting({ attribute: "app", op: "semver_gte", value: v });
    assert.equal(cond({ app: x }), atLeast(parts(x), parts(v)), `${x.slice(0, 40)} >= ${v.slice(0, 40)}`);
  }
});
