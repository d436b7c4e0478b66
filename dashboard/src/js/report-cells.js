// Small pieces every section of the report uses: a number with its exact JSON value and place, a
// variant's colour and swatch, an interval cell, and the words for a statistic that cannot be computed.
import { html } from "./html.js";
import * as f from "./format.js";
import { variantColour } from "./domain.js";

export const finite = (v) => typeof v === "number" && Number.isFinite(v);

export const span = (value, text, path) => html`<span data-value="${f.rawValue(value)}" data-path="${JSON.stringify(path)}">${text}</span>`;

/** Variant key → colour, in the configured order so a variant keeps its colour on every chart. */
export function colourMap(report) {
  const keys = (report.variants ?? []).map((v) => v.key);
  return (key) => variantColour(Math.max(0, keys.indexOf(key)));
}

export const swatch = (colour) => html`<span class="swatch" style="background:${colour}" aria-hidden="true"></span>`;

export const controlOf = (report) => report.metrics?.[0]?.comparisons?.find((c) => c.control)?.control ?? report.variants?.[0]?.key;

const DEGENERATE = {
  zero_units: "no units yet",
  no_units: "no units yet",
  too_few_units: "too few units yet",
  zero_control_mean: "control has no conversions yet",
  zero_variance: "no variation in the data yet",
  zero_denominator: "the ratio has no denominator in an arm yet",
  non_finite_sum: "the values of an arm sum past what a number can hold (give the metric a cap)",
  no_covariate_sums: "no covariate sums",
  covariate_sums_incomplete: "covariate sums incomplete",
  no_covariate_varies: "no covariate varies",
};
export const degenerate = (code) => DEGENERATE[code] ?? (code ? String(code).replaceAll("_", " ") : "no data yet");


/** A confidence interval's two ends, each with its place in the report. */
export const intervalCell = (ci, base) => html`<td class="num cell-wide" data-label="Interval">${Array.isArray(ci)
  ? html`${span(ci[0], f.signedPercent(ci[0]), [...base, "ci", 0])} to ${span(ci[1], f.signedPercent(ci[1]), [...base, "ci", 1])}` : f.MISSING}</td>`;

