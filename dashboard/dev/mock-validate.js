// The validation rules of the admin API, imitated closely enough that the dashboard's error mapping
// (API field path → form input) can be developed and tested against the mock.
import { KEY, KEY_PATTERN } from "./contract.js";

export function fail(code, message, field, status = 400) {
  return Object.assign(new Error(message), { apiError: true, code, field, status });
}

const STAGES = ["LZMOT", "ZMOT", "FMOT", "SMOT", "UMOT"];
const KINDS = ["landing_page", "ad", "generic"];

export function validateMoment(body) {
  if (typeof body.key !== "string" || !KEY.test(body.key)) throw fail("invalid", `key must match ${KEY_PATTERN.slice(1, -1)}.`, "key");
  if (!STAGES.includes(body.stage)) throw fail("invalid", `stage must be one of ${STAGES.join(", ")}.`, "stage");
  if (typeof body.name !== "string" || !body.name) throw fail("invalid", "name is required.", "name");
  return { key: body.key, stage: body.stage, name: body.name, description: body.description ?? "" };
}

function metric(m, field) {
  const key = typeof m === "string" ? m : m?.key;
  if (typeof key !== "string" || !KEY.test(key)) throw fail("invalid", `A metric key must match ${KEY_PATTERN.slice(1, -1)}.`, typeof m === "string" ? field : `${field}.key`);
  if (typeof m === "object" && m.type && !["binomial", "mean"].includes(m.type)) throw fail("invalid", "type must be binomial or mean.", `${field}.type`);
}

export function validateExperiment(body, store) {
  if (typeof body.key !== "string" || !KEY.test(body.key)) throw fail("invalid", `key must match ${KEY_PATTERN.slice(1, -1)}.`, "key");
  if (!store.moments.has(body.moment)) throw fail("unknown_moment", `No moment '${body.moment}'.`, "moment");
  if (typeof body.name !== "string" || !body.name) throw fail("invalid", "name is required.", "name");
  if (body.trafficPercent !== undefined && !(body.trafficPercent > 0 && body.trafficPercent <= 100)) throw fail("invalid", "trafficPercent must be above 0 and at most 100.", "trafficPercent");
  if (!Array.isArray(body.variants) || body.variants.length < 2) throw fail("invalid", "At least two variants are needed.", "variants");
  const seen = new Set();
  body.variants.forEach((v, i) => {
    if (typeof v.key !== "string" || !KEY.test(v.key)) throw fail("invalid", `A variant key must match ${KEY_PATTERN.slice(1, -1)}.`, `variants[${i}].key`);
    if (seen.has(v.key)) throw fail("invalid", `Variant key '${v.key}' is used twice.`, `variants[${i}].key`);
    seen.add(v.key);
    if (!(typeof v.weight === "number" && v.weight > 0)) throw fail("invalid", "weight must be a positive number.", `variants[${i}].weight`);
    if (v.kind !== undefined && !KINDS.includes(v.kind)) throw fail("invalid", `kind must be one of ${KINDS.join(", ")}.`, `variants[${i}].kind`);
  });
  if (!seen.has(body.control)) throw fail("invalid", "control must name one of the variants.", "control");
  if (body.primaryMetric === undefined || body.primaryMetric === "") throw fail("invalid", "A primary metric is required.", "primaryMetric");
  metric(body.primaryMetric, "primaryMetric");
  (body.secondaryMetrics ?? []).forEach((m, i) => metric(m, `secondaryMetrics[${i}]`));
  (body.guardrailMetrics ?? []).forEach((m, i) => metric(m, `guardrailMetrics[${i}]`));
  const s = body.stats ?? {};
  if (s.alpha !== undefined && !(s.alpha > 0 && s.alpha < 0.5)) throw fail("invalid", "alpha must be above 0 and below 0.5.", "stats.alpha");
  if (s.power !== undefined && !(s.power >= 0.5 && s.power < 1)) throw fail("invalid", "power must be at least 0.5 and below 1.", "stats.power");
  if (s.mde !== undefined && !(s.mde > 0)) throw fail("invalid", "mde must be above 0.", "stats.mde");
  if (s.correction !== undefined && !["holm", "bh", "none"].includes(s.correction)) throw fail("invalid", "correction must be holm, bh or none.", "stats.correction");
  for (const name of ["baseline", "stddev"]) if (s[name] !== undefined && !(s[name] > 0)) throw fail("invalid", `${name} must be above 0.`, `stats.${name}`);
  const a = body.allocation;
  if (a?.type === "bandit" && !(a.minShare === undefined || (a.minShare >= 0 && a.minShare * body.variants.length <= 1))) {
    throw fail("invalid", `allocation.minShare times the ${body.variants.length} variants must be at most 1.`, "allocation.minShare");
  }
  const { status, unitsPerDay, rollout, ...clean } = body;
  return clean;
}
