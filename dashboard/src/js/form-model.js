// Pure helpers for the create/edit forms: API field paths ↔ inputs, and form values → API bodies.

/** "variants[1].weight", "/variants/1/weight", "$.variants[1].weight" → "variants[1].weight". */
export function normalizeFieldPath(field) {
  if (typeof field !== "string" || !field) return "";
  let path = field.trim().replace(/^#/, "").replace(/^\$\.?/, "");
  if (path.startsWith("/")) {
    path = path.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce((acc, t) => (/^\d+$/.test(t) ? `${acc}[${t}]` : acc ? `${acc}.${t}` : t), "");
  }
  return path.replace(/\.\[/g, "[").replace(/\.(\d+)(?=\.|$)/g, "[$1]");
}

/** From the most specific to the least: "a[1].b.c" → ["a[1].b.c", "a[1].b", "a[1]", "a"]. */
export function fieldCandidates(path) {
  const out = [];
  let rest = normalizeFieldPath(path);
  while (rest) {
    out.push(rest);
    const cut = Math.max(rest.lastIndexOf("."), rest.lastIndexOf("["));
    rest = cut > 0 ? rest.slice(0, cut) : "";
  }
  return out;
}

/**
 * The name of the form field that should show an error for an API field path: the most specific
 * exact match, else the first field under that path, else null (the error goes to the form's top).
 */
export function fieldFor(path, available) {
  for (const candidate of fieldCandidates(path)) {
    if (available.includes(candidate)) return candidate;
    const under = available.find((name) => name.startsWith(`${candidate}.`) || name.startsWith(`${candidate}[`));
    if (under) return under;
  }
  return null;
}

/** Sets obj at "a[1].b" creating objects and arrays on the way. */
export function setPath(obj, path, value) {
  const tokens = path.match(/[^.[\]]+/g) ?? [];
  let node = obj;
  tokens.forEach((token, i) => {
    const last = i === tokens.length - 1;
    const key = /^\d+$/.test(token) ? Number(token) : token;
    if (last) { node[key] = value; return; }
    if (node[key] === undefined) node[key] = /^\d+$/.test(tokens[i + 1]) ? [] : {};
    node = node[key];
  });
  return obj;
}

const number = (text) => (text === "" || text === undefined || text === null ? undefined : Number(text));

function parseJson(text, field, errors, { emptyAs } = {}) {
  if (text === undefined || String(text).trim() === "") return emptyAs;
  try {
    return JSON.parse(text);
  } catch (e) {
    errors.push({ field, message: `This is not valid JSON: ${e.message}` });
    return undefined;
  }
}

/**
 * A metric line → the API's metric. Direction, unit, cap and name go back as they came: a PATCH that
 * dropped a guardrail's "decrease" would turn "fewer refunds is good" into its opposite.
 */
function metricOf(m) {
  if (!m || !m.key || !m.key.trim()) return null;
  const metric = { key: m.key.trim(), type: m.type || "binomial", direction: m.direction || "increase" };
  if (m.unit && m.unit.trim()) metric.unit = m.unit.trim();
  if (number(m.cap) !== undefined) metric.cap = number(m.cap);
  if (m.name && m.name.trim()) metric.name = m.name.trim();
  const text = (s) => (typeof s === "string" && s.trim() ? s.trim() : undefined);
  if (text(m.numerator)) metric.numerator = text(m.numerator);
  if (text(m.denominator)) metric.denominator = text(m.denominator);
  if (text(m.window?.end)) metric.window = { start: text(m.window.start) ?? "PT0S", end: text(m.window.end) };
  return metric;
}

/** "engaged, signup" → ["engaged", "signup"]; empty → []. */
export const funnelOf = (text) => String(text ?? "").split(/[\s,>→]+/).map((k) => k.trim()).filter(Boolean);

/**
 * values: the form read as {path: string | boolean}. Returns {body, errors}; errors are the ones the
 * browser can tell before asking the API (unparsable JSON). Everything else is left to the API.
 * mode "edit" builds a PATCH body; `draft` says whether variants may still change.
 */
export function experimentBody(values, { mode = "create", draft = true, initial = {} } = {}) {
  const form = {};
  for (const [path, value] of Object.entries(values)) setPath(form, path, value);
  const errors = [];
  const variants = (form.variants ?? []).filter(Boolean).map((v, i) => ({
    key: (v.key ?? "").trim(), weight: number(v.weight), kind: v.kind || "generic",
    payload: parseJson(v.payload, `variants[${i}].payload`, errors, { emptyAs: {} }),
  }));
  const stats = form.stats ?? {};
  const body = {
    ...(mode === "create" ? { key: (form.key ?? "").trim(), moment: form.moment } : {}),
    name: (form.name ?? "").trim(),
    hypothesis: (form.hypothesis ?? "").trim(),
    trafficPercent: number(form.trafficPercent),
    ...(mode === "create" || draft ? { variants, control: form.control } : {}),
    primaryMetric: metricOf(form.primaryMetric) ?? "",
    secondaryMetrics: (form.secondaryMetrics ?? []).map(metricOf).filter(Boolean),
    guardrailMetrics: (form.guardrailMetrics ?? []).map(metricOf).filter(Boolean),
    // the contract's funnel has one step at least: none is left out on create and null (cleared) on edit
    ...(mode === "create" || draft ? { funnel: funnelOf(form.funnel) } : {}),
    stats: {
      alpha: number(stats.alpha), power: number(stats.power), mde: number(stats.mde),
      method: stats.method || "group_sequential", spending: stats.spending || "obrien_fleming",
      correction: stats.correction || "holm",
      varianceReduction: stats.varianceReduction || "cuped", lookbackDays: number(stats.lookbackDays),
      baseline: number(stats.baseline), stddev: number(stats.stddev),
    },
  };
  const targeting = parseJson(form.targeting, "targeting", errors, { emptyAs: null });
  if (targeting !== null && targeting !== undefined) body.targeting = targeting;
  else if (mode === "edit" && targeting === null) body.targeting = null;
  if (body.funnel?.length === 0) {
    if (mode === "create") delete body.funnel;
    else body.funnel = null;
  }
  if (mode === "create" || draft) {
    const allocation = allocationBody(form.allocation);
    if (allocation) body.allocation = allocation;
  }
  if (mode === "create" && !body.hypothesis) delete body.hypothesis;
  if (mode === "create" && form.preset) body.preset = form.preset === true ? "fmot" : form.preset;
  for (const [k, v] of Object.entries(body.stats)) if (v === undefined) delete body.stats[k];
  if (body.trafficPercent === undefined) delete body.trafficPercent;
  if (mode === "create" || draft || form.stopAt !== undefined) {
    Object.assign(body, scheduleBody(form, initial, errors, { draft: mode === "create" || draft }));
  }
  return { body, errors };
}

/**
 * The allocation fields → the API's allocation: {"type":"fixed"} or a bandit's with the numbers that
 * were filled in (the API fills in its defaults and checks the rest); undefined when not on the form.
 */
export function allocationBody(allocation) {
  if (!allocation || !allocation.type) return undefined;
  if (allocation.type !== "bandit") return { type: "fixed" };
  const out = { type: "bandit" };
  const every = String(allocation.updateEvery ?? "").trim();
  if (every) out.updateEvery = every;
  if (number(allocation.minShare) !== undefined) out.minShare = number(allocation.minShare);
  if (number(allocation.burnInUnits) !== undefined) out.burnInUnits = number(allocation.burnInUnits);
  return out;
}

/**
 * The schedule fields that differ from what the experiment had (`initial`, as experimentValues
 * gives it): `startAt`/`stopAt` as ISO-8601 in UTC from the browser's local date and time, null to
 * clear, and `rollout` (the variant the scheduled stop rolls out). Unchanged ones are left out, so
 * a PATCH of the name never re-checks a schedule against the clock.
 */
export function scheduleBody(form, initial = {}, errors = [], { draft = true } = {}) {
  const out = {};
  for (const name of draft ? ["startAt", "stopAt"] : ["stopAt"]) {
    const value = (form[name] ?? "").trim();
    if (value === (initial[name] ?? "")) continue;
    if (!value) { out[name] = null; continue; }
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) errors.push({ field: name, message: `${name} must be a date and time.` });
    else out[name] = at.toISOString();
  }
  const rollout = (form.rollout ?? "").trim();
  if (rollout !== (initial.rollout ?? "")) out.rollout = rollout || null;
  return out;
}

/** An ISO-8601 instant → the browser's local "YYYY-MM-DDTHH:MM" that a datetime-local input shows. */
export function localDateTime(iso) {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An experiment from the API → the form's values, the inverse of experimentBody. */
export function experimentValues(experiment) {
  const values = {
    key: experiment.key, moment: experiment.moment, name: experiment.name ?? "", hypothesis: experiment.hypothesis ?? "",
    trafficPercent: String(experiment.trafficPercent ?? 100), control: experiment.control,
    targeting: experiment.targeting ? JSON.stringify(experiment.targeting, null, 2) : "",
    startAt: localDateTime(experiment.startAt), stopAt: localDateTime(experiment.stopAt), rollout: experiment.stopRollout ?? "",
  };
  (experiment.variants ?? []).forEach((v, i) => Object.assign(values, {
    [`variants[${i}].key`]: v.key, [`variants[${i}].weight`]: String(v.weight), [`variants[${i}].kind`]: v.kind ?? "generic",
    [`variants[${i}].payload`]: JSON.stringify(v.payload ?? {}, null, 2),
  }));
  const asMetric = (m) => (typeof m === "string" ? { key: m } : m ?? {});
  const metricValues = (prefix, m) => ({
    [`${prefix}.key`]: m.key ?? "", [`${prefix}.type`]: m.type ?? "binomial", [`${prefix}.direction`]: m.direction ?? "increase",
    [`${prefix}.unit`]: m.unit ?? "", [`${prefix}.cap`]: m.cap === undefined || m.cap === null ? "" : String(m.cap), [`${prefix}.name`]: m.name ?? "",
    [`${prefix}.numerator`]: m.numerator ?? "", [`${prefix}.denominator`]: m.denominator ?? "",
    [`${prefix}.window.start`]: m.window?.start ?? "", [`${prefix}.window.end`]: m.window?.end ?? "",
  });
  Object.assign(values, metricValues("primaryMetric", asMetric(experiment.primaryMetric)));
  for (const group of ["secondaryMetrics", "guardrailMetrics"]) {
    (experiment[group] ?? []).map(asMetric).forEach((m, i) => Object.assign(values, metricValues(`${group}[${i}]`, m)));
  }
  values.funnel = (experiment.funnel ?? []).join(", ");
  // an experiment stored before allocations has none: the form then sends none either
  const a = experiment.allocation;
  if (a) Object.assign(values, {
    "allocation.type": a.type ?? "fixed", "allocation.updateEvery": a.updateEvery ?? "PT1H",
    "allocation.minShare": String(a.minShare ?? 0.05), "allocation.burnInUnits": String(a.burnInUnits ?? 1000),
  });
  const s = experiment.stats ?? {};
  Object.assign(values, {
    "stats.alpha": String(s.alpha ?? 0.05), "stats.power": String(s.power ?? 0.8), "stats.mde": String(s.mde ?? 0.1),
    // experiments stored before stats.method answer with it too; the old flag is only a fallback
    "stats.method": s.method ?? (s.sequential === false ? "fixed" : s.sequential === true ? "always_valid" : "group_sequential"),
    "stats.spending": s.spending ?? "obrien_fleming", "stats.correction": s.correction ?? "holm",
    "stats.varianceReduction": s.varianceReduction ?? "cuped", "stats.lookbackDays": String(s.lookbackDays ?? 14),
    "stats.baseline": s.baseline === undefined || s.baseline === null ? "" : String(s.baseline),
    "stats.stddev": s.stddev === undefined || s.stddev === null ? "" : String(s.stddev),
  });
  return values;
}

/** Drops item `index` of a repeated group ("variants", ...) and renumbers the ones after it. */
export function removeIndex(values, group, index) {
  const out = {};
  const pattern = new RegExp(`^${group}\\[(\\d+)\\](.*)$`);
  for (const [path, value] of Object.entries(values)) {
    const m = pattern.exec(path);
    if (!m) { out[path] = value; continue; }
    const i = Number(m[1]);
    if (i === index) continue;
    out[`${group}[${i > index ? i - 1 : i}]${m[2]}`] = value;
  }
  return out;
}

/** How many items of a repeated group the values hold. */
export function countOf(values, group) {
  const pattern = new RegExp(`^${group}\\[(\\d+)\\]`);
  return Object.keys(values).reduce((n, path) => {
    const m = pattern.exec(path);
    return m ? Math.max(n, Number(m[1]) + 1) : n;
  }, 0);
}

// What each field accepts, said for a person; used when the API's message is a generic schema
// sentence ("Property "weight" does not match schema") rather than one written for people.
const RULES = {
  key: "Use 1 to 64 characters: lower-case letters, digits, “.”, “_” or “-”, starting with a letter or digit.",
  weight: "The weight must be a number above 0.",
  trafficPercent: "Traffic must be above 0 and at most 100 (%).",
  alpha: "Alpha must be above 0 and below 0.5.",
  power: "Power must be at least 0.5 and below 1.",
  mde: "The smallest lift must be above 0 (0.1 means +10%).",
  baseline: "The expected baseline must be above 0 (a rate such as 0.023, or a mean).",
  stddev: "The standard deviation must be above 0.",
  payload: "The payload must be a JSON object, e.g. {\"layout\":\"bold\"}.",
  targeting: "Targeting must be a JSON object such as {\"all\":[…]}.",
};
const GENERIC = /does not match schema|schema validation|instance (type|failed)/i;

export function friendlyMessage(field, message) {
  if (!GENERIC.test(message ?? "")) return message;
  const last = (normalizeFieldPath(field).match(/[A-Za-z_]+(?=[^A-Za-z_]*$)/) ?? [""])[0];
  return RULES[last] ?? message;
}

/**
 * The notice after a save: good, or a warning that keeps what the server asks the author to check
 * (targeting on an attribute no SDK sends: "Targeting uses `contry`, …; did you mean `country`?").
 */
export function savedFlash(done, warnings = []) {
  const messages = (warnings ?? []).map((w) => w.message).filter(Boolean);
  return messages.length ? ["warn", `${done} Please check: ${messages.join(" ")}`] : ["good", done];
}
