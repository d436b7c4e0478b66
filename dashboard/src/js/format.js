// Pure number and date formatting for people. Every function returns "–" for a missing value,
// so a report with absent fields still renders. No DOM here: unit-tested under Node.

export const MISSING = "–";

const isNumber = (v) => typeof v === "number" && Number.isFinite(v);

/** 12345.6 → "12,346"; the separators follow en-US so tests and screenshots are stable. */
export function thousands(value, digits = 0) {
  if (!isNumber(value)) return MISSING;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** 0.0234 → "2.34%". Digits adapt so small rates stay readable. */
export function percent(value, digits) {
  if (!isNumber(value)) return MISSING;
  const d = digits ?? (Math.abs(value) < 0.1 ? 2 : 1);
  return `${(value * 100).toFixed(d)}%`;
}

/** 0.26 → "+26.0%", -0.031 → "−3.1%" (a real minus sign), 0 → "0.0%". */
export function signedPercent(value, digits = 1) {
  if (!isNumber(value)) return MISSING;
  const text = (Math.abs(value) * 100).toFixed(digits);
  if (Number(text) === 0) return `${(0).toFixed(digits)}%`;
  return `${value > 0 ? "+" : "−"}${text}%`;
}

/** A confidence interval on the relative scale: [0.07, 0.45] → "+7.0% to +45.0%". */
export function interval(ci, digits = 1) {
  if (!Array.isArray(ci) || ci.length !== 2 || !ci.every(isNumber)) return MISSING;
  return `${signedPercent(ci[0], digits)} to ${signedPercent(ci[1], digits)}`;
}

/** p-values: "< 0.001" below a thousandth, three decimals otherwise. */
export function pValue(value) {
  if (!isNumber(value)) return MISSING;
  if (value < 0.001) return "< 0.001";
  if (value > 0.999) return "1.000";
  return value.toFixed(3);
}

/** A rate or a mean: binomial metrics read as percentages, mean metrics as plain numbers with their unit ("24.87 s"). */
export function metricValue(value, type, unit) {
  if (!isNumber(value)) return MISSING;
  if (type === "mean" || type === "ratio") return thousands(value, Math.abs(value) >= 100 ? 0 : 2) + (unit ? ` ${unit}` : "");
  return percent(value);
}

/** A chance to beat control: 0.996 → "99.6%", clamped so 0.99996 does not read as certainty. */
export function chance(value) {
  if (!isNumber(value)) return MISSING;
  if (value > 0.999) return "> 99.9%";
  if (value < 0.001) return "< 0.1%";
  return percent(value, 1);
}

/** The noun that agrees with a count: (1, "unit") → "unit", (0 or 2, "unit") → "units". */
export const noun = (n, singular, plural = `${singular}s`) => (n === 1 ? singular : plural);

/** A count with its noun: 1 → "1 unit", 11967 → "11,967 units". */
export function count(n, singular, plural) {
  if (!isNumber(n)) return MISSING;
  return `${thousands(n)} ${noun(n, singular, plural)}`;
}

/** Days left, rounded up: 0.2 → "1 day", 3 → "3 days". */
export function days(value) {
  if (!isNumber(value)) return MISSING;
  return count(Math.max(0, Math.ceil(value)), "day");
}

/** "2026-11-23" → "Nov 23"; anything unparsable is returned as it came. */
export function shortDate(iso) {
  if (typeof iso !== "string") return MISSING;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  return `${months[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}`;
}

/** The raw value for a data-value attribute: exactly what the JSON said, or empty when absent. */
export function rawValue(value) {
  return value === undefined || value === null ? "" : String(value);
}
