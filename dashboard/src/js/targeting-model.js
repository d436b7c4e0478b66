// Targeting as rows of (attribute, operator, value) for the condition builder, and back. Pure.
// A rule is shown in the builder only when writing its rows back gives exactly the same JSON, so
// the builder never changes a rule it cannot show (nested groups, `not`, other attributes, typed
// values it would read differently): those stay in the JSON with a note.

/** The built-in attributes and those the JS SDK records at a first visit. */
export const BUILDER_ATTRIBUTES = [
  ["device", "Device"], ["channel", "Channel"], ["country", "Country"], ["intent", "Intent"], ["returning", "Returning visitor"],
  ["utm_source", "UTM source"], ["utm_medium", "UTM medium"], ["utm_campaign", "UTM campaign"], ["utm_content", "UTM content"],
  ["referrer_host", "Referrer host"], ["paid", "Paid click (a click id in the URL)"],
];

export const BUILDER_OPS = [
  ["eq", "is"], ["neq", "is not"], ["in", "is one of"], ["nin", "is none of"], ["contains", "contains"],
  ["exists", "is present"], ["gt", "is greater than"], ["gte", "is at least"], ["lt", "is less than"], ["lte", "is at most"],
];

const BOOLEAN_ATTRIBUTES = new Set(["paid", "returning"]);
const NUMERIC_OPS = new Set(["gt", "gte", "lt", "lte"]);
const LIST_OPS = new Set(["in", "nin"]);
const KNOWN = new Set(BUILDER_ATTRIBUTES.map(([a]) => a));
const OPS = new Set(BUILDER_OPS.map(([o]) => o));

/** A value typed as the SDKs compare it: booleans for paid/returning, numbers for comparisons. */
function typed(attribute, op, text) {
  const t = String(text).trim();
  if (BOOLEAN_ATTRIBUTES.has(attribute) && (t === "true" || t === "false")) return t === "true";
  if (NUMERIC_OPS.has(op) && t !== "" && Number.isFinite(Number(t))) return Number(t);
  return t;
}

/** One row {attribute, op, value (text)} as a condition. */
export function conditionOf({ attribute, op, value = "" }) {
  if (op === "exists") return { attribute, op, value: String(value).trim() !== "false" };
  if (LIST_OPS.has(op)) return { attribute, op, values: String(value).split(",").map((v) => v.trim()).filter(Boolean).map((v) => typed(attribute, op, v)) };
  return { attribute, op, value: typed(attribute, op, value) };
}

/** One condition as a row; its value as text (a list joined by commas). */
export function rowOf(condition) {
  const value = Array.isArray(condition.values) ? condition.values.map(String).join(", ") : String(condition.value ?? "");
  return { attribute: condition.attribute, op: condition.op, value };
}

/** The builder's state as targeting JSON; no rows is no targeting (null). */
export function targetingFromRows({ match = "all", rows = [], bare = false }) {
  if (!rows.length) return null;
  const conditions = rows.map(conditionOf);
  return bare && conditions.length === 1 ? conditions[0] : { [match]: conditions };
}

const isCondition = (c) => c && typeof c === "object" && !Array.isArray(c) && typeof c.attribute === "string"
  && KNOWN.has(c.attribute) && OPS.has(c.op) && Object.keys(c).every((k) => ["attribute", "op", "value", "values"].includes(k));

/**
 * Targeting JSON as the builder's state, or null when the builder cannot show it exactly. No
 * targeting is an empty builder.
 */
export function rowsFromTargeting(json) {
  if (json === null || json === undefined) return { match: "all", rows: [], bare: false };
  let state = null;
  if (isCondition(json)) state = { match: "all", rows: [rowOf(json)], bare: true };
  else if (json && typeof json === "object" && Object.keys(json).length === 1) {
    const match = Object.keys(json)[0];
    const list = json[match];
    if ((match === "all" || match === "any") && Array.isArray(list) && list.length && list.every(isCondition)) {
      state = { match, rows: list.map(rowOf), bare: false };
    }
  }
  return state && sameJson(targetingFromRows(state), json) ? state : null;
}

/** Deep equality of two JSON values (key order ignored). */
export function sameJson(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && sameJson(a[k], b[k]));
}
