// Local assignment: the pure part of the SDK, a function-for-function mirror of the Java core
// and of spec/README.md. No I/O, no globals: the client feeds it a config, a unit id and attributes.
import { bucket, feed, error } from "./hash.js";

const type = (v) => typeof v;
const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isArray = Array.isArray;
export const isString = (v) => type(v) == "string";
const isScalar = (v) => /^[snb]/.test(type(v)); // string, number, boolean (JSON has no symbol or bigint)
export const fail = (what) => {
  throw error("bad " + JSON.stringify(what));
};

/** Valid iff 1..256 Unicode code points and no unpaired UTF-16 surrogate. */
// With the u flag a surrogate pair is one code point, and only an unpaired surrogate is \p{Cs}.
export const validUnitId = (id) => isString(id) && /^\P{Cs}{1,256}$/u.test(id);

// A version as a string that compares as the version does (any length exactly): "v", then for each
// component, leading zeros dropped, its length in two chars (16 bits each) and its digits; trailing
// zero components ("\0\0") dropped, so that "1.2" == "1.2.0" < "1.10".
const version = (s) =>
  (s = isString(s) && /^[vV]?(\d+(\.\d+)*)([-+]|$)/.exec(s)) &&
  "v" + s[1].split(".").map((c) => ((c = c.replace(/^0+/, "")), String.fromCharCode(c.length >> 16, c.length) + c)).join("").replace(/\0+$/, "");

// ordered comparisons: both numbers or both strings (UTF-16 code unit order), else no match
const ordered = (f) => [(v) => /^[sn]/.test(type(v)), (x, v) => type(x) == type(v) && f(x, v)];

// op -> [is the condition's value well formed, does a present attribute x match value v]
const OPS = {
  eq: [isScalar, (x, v) => x === v],
  in: [(vs) => isArray(vs) && vs.every(isScalar), (x, vs) => vs.includes(x)],
  contains: [isScalar, (x, v) => (isString(x) ? isString(v) : isArray(x)) && x.includes(v)],
  gt: ordered((x, v) => x > v),
  gte: ordered((x, v) => x >= v),
  lt: ordered((x, v) => x < v),
  lte: ordered((x, v) => x <= v),
  exists: [(v) => type(v) == "boolean", (x, v) => v],
  semver_gte: [version, (x, v) => version(x) >= version(v)],
};

/** Compiles a targeting node into a predicate over attributes; throws on a malformed node. */
export const compileTargeting = (node) => {
  if (node == null) return () => true;
  if (type(node) != "object" || isArray(node)) fail(node);
  for (const k of ["all", "any"])
    if (hasOwn(node, k)) {
      const c = isArray(node[k]) ? node[k].map(compileTargeting) : fail(node);
      return (a) => c[k == "all" ? "every" : "some"]((t) => t(a));
    }
  if (hasOwn(node, "not")) {
    const c = compileTargeting(node.not);
    return (a) => !c(a);
  }
  const { attribute: key, op } = node;
  if (!Object.keys(node).length) return () => true;
  const negated = op == "neq" || op == "nin", base = negated ? op.slice(1) : op;
  const v = base == "in" ? node.values : node.value;
  const [check, test] = OPS[base] || fail(node); // an inherited name ("toString") is not iterable: fails too
  if (!isString(key) || !check(v)) fail(node);
  return (a) => {
    const x = a && hasOwn(a, key) ? a[key] : null;
    return x == null ? negated || (op == "exists" && !v) : test(x, v) != negated;
  };
};

/**
 * Indexes an SDK config by moment key: {layer (hash state of its prefix), running: Map(key -> experiment),
 * ads: the running experiments whose variants are all ads, candidates: [...], holds: the holdouts
 * covering it}, each experiment with its targeting predicate and
 * cumulative variant boundaries precomputed. Throws on a malformed config.
 */
export const loadConfig = (config) => {
  const moments = new Map();
  const moment = (key) =>
    moments.get(key) ||
    moments.set(key, { layer: feed("layer:" + key + ":"), running: new Map(), ads: new Map(), candidates: [] }).get(key);
  for (const m of config.moments || []) moment(m.key);
  const rollouts = [];
  for (const e of config.experiments) {
    const { key, variants, status, trafficPercent: t = 0 } = e;
    let total = 0, cum = 0;
    if (!isString(key) || !isString(e.moment) || !variants[0]) fail(e);
    // a weight is a number >= 0 (a string would concatenate), and they sum to a finite number > 0
    for (const v of variants) total += type(v.weight) == "number" && v.weight >= 0 ? v.weight : fail(v);
    if (!(total > 0 && total < Infinity)) fail(e);
    const exp = {
      key,
      salted: feed("variant:" + (e.salt ?? key) + ":"),
      variants,
      bounds: variants.map((v) => (cum += (v.weight / total) * 10000)),
      // no ranges field: derived from trafficPercent; ranges null: none at all
      ranges: e.ranges === undefined ? [[0, Math.floor(t * 100 + 0.5)]] : e.ranges || [],
      matches: compileTargeting(e.targeting),
      rollout: status == "stopped" && variantOf(e, e.rollout),
      keep: e.sticky === true,
    };
    const m = moment(e.moment);
    if (status == "running") {
      m.running.set(key, exp), m.candidates.push(exp);
      if (variants.every((v) => v.kind == "ad")) m.ads.set(key, exp);
    }
    else if (exp.rollout) rollouts.push([m, exp]);
  }
  // rollouts come after every running experiment of their moment
  for (const [m, exp] of rollouts) m.candidates.push(exp);
  // a holdout's moments become moments of the config; without moments it covers them all
  const holds = (config.holdouts || []).map(({ key, percent, moments }) => (
    (percent > 0 && percent <= 50) || fail({ key, percent }),
    moments?.map(moment),
    { key, moments, prefix: feed("holdout:" + key + ":"), cut: Math.floor(percent * 100 + 0.5) }
  ));
  for (const [key, m] of moments) m.holds = holds.filter((h) => (h.moments || [key]).includes(key));
  return moments;
};

/** Whether a unit is in a holdout (an entry of a moment's holds): its own hash, below percent * 100 rounded. */
export const held = (hold, unitId) => bucket(unitId, hold.prefix) < hold.cut;

// flags left out are false (undefined)
const result = (exp, variant, forced, rollout, ad, store) => variant && { exp, variant, forced, rollout, ad, store };
const variantOf = (exp, key) => exp.variants.find((v) => v.key === key);

// "exp:variant[,exp2:v2]": the first pair naming an experiment of `pool` and one of its variants
const named = (list, pool, forced) => {
  if (isString(list))
    for (const pair of list.split(",")) {
      const p = pair.replace(/^ +| +$/g, ""), i = p.indexOf(":"), exp = i > 0 && pool.get(p.slice(0, i));
      // an ad click on a sticky experiment is stored; a force never is
      const r = exp && result(exp, variantOf(exp, p.slice(i + 1)), forced, 0, !forced, !forced && exp.keep);
      if (r) return r;
    }
};

/**
 * Decides one moment (an entry of loadConfig's map) for one unit with its sticky entries (stored:
 * {experiment key: variant key}, optional): undefined (no variant), or {exp, variant, forced, rollout, ad, store} (flags
 * truthy or not), store meaning "keep this variant for the unit". A QA force beats a holdout, which beats an ad click, which
 * beats a stored variant, which beats the hash (spec/README.md, deciding one moment).
 */
export const decide = (m, unitId, a, stored) => {
  if (!m || !validUnitId(unitId)) return;
  a = a || {};
  const forced = named(a.force, m.running, true);
  if (forced) return forced;
  if (m.holds.some((h) => held(h, unitId))) return;
  const clicked = named(a.ad, m.ads, false);
  if (clicked) return clicked;
  for (const exp of m.candidates) {
    // a running sticky experiment keeps a unit's stored variant wherever its layer bucket now falls
    const kept = exp.keep && !exp.rollout && exp.matches(a) && result(exp, variantOf(exp, stored?.[exp.key]));
    if (kept) return kept;
  }
  const layer = bucket(unitId, m.layer);
  for (const exp of m.candidates)
    if (exp.ranges.some((r) => layer >= r[0] && layer < r[1])) {
      if (!exp.matches(a)) return;
      if (exp.rollout) return result(exp, exp.rollout, 0, 1);
      const v = bucket(unitId, exp.salted), b = exp.bounds;
      let i = 0;
      while (i < b.length - 1 && v >= b[i]) i++;
      return result(exp, exp.variants[i], 0, 0, 0, exp.keep);
    }
};
