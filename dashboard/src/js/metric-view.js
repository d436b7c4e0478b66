// A metric's section of the report: its table of rates and lifts, the notes that qualify them
// (pooled splits, maturing units, CUPED) and its forest plot; the segments' tables. Pure markup.
import { html } from "./html.js";
import * as f from "./format.js";
import { numberCell } from "./ui.js";
import { colourMap, degenerate, finite, intervalCell, span, swatch } from "./report-cells.js";
import { chartFigure, forestRows } from "./chart-panels.js";

const CORRECTION_NAMES = { holm: "Holm", bh: "Benjamini–Hochberg", "benjamini-hochberg": "Benjamini–Hochberg", none: "none" };
/** How the p-values of a metric were treated: only the primary metric's are corrected. */
export function adjustmentLabel(metric) {
  const a = metric.adjustment;
  if (metric.role !== "primary") return "p-values unadjusted";
  if (!a) return "";
  return a === "none" ? "p-values not corrected" : `p-values corrected (${CORRECTION_NAMES[a] ?? a})`;
}

/**
 * Green for a significant change the metric's good way, red for the bad way: fewer bounces is good.
 * The server says which (`improvement`); a report without it is read by the metric's direction.
 */
export function liftClass(c, direction = "increase") {
  if (!c?.significant || !finite(c.relativeLift)) return "";
  const better = typeof c.improvement === "boolean" ? c.improvement : (direction === "decrease" ? c.relativeLift < 0 : c.relativeLift > 0);
  return better ? "lift-pos" : "lift-neg";
}

function comparisonCells(c, base, direction, pooled = false) {
  if (!c) return html`<td colspan="5"><span class="sub">control: the others are compared with it</span></td>`;
  if (c.error || !finite(c.relativeLift)) return html`<td colspan="5" class="metric-error">Not computable: ${degenerate(c.error)}</td>`;
  return html`
    ${numberCell(c.relativeLift, f.signedPercent(c.relativeLift), [...base, "relativeLift"], pooled ? "" : liftClass(c, direction), "Lift")}
    ${intervalCell(c.ci, base)}
    ${numberCell(c.pValue, f.pValue(c.pValue), [...base, "pValue"], "", "p-value")}
    ${numberCell(c.adjustedPValue, f.pValue(c.adjustedPValue), [...base, "adjustedPValue"], "", "Adjusted p")}
    ${numberCell(c.chanceToBeat, f.chance(c.chanceToBeat), [...base, "chanceToBeat"], "", "Chance to beat")}`;
}

/** Every variant the metric mentions, in its own order, then any only a comparison names. */
const rowKeys = (metric) => [...new Set([...(metric.variants ?? []).map((v) => v.key), ...(metric.comparisons ?? []).map((c) => c.variant)])];

/** One metric: rates per variant, lifts with intervals, p-values; `prefix` places it in the report. */
/**
 * A metric's table. `pooled`: the split changed while the experiment ran, so these figures
 * pool periods of different splits (Simpson's paradox when the baseline drifts): shown, but never
 * coloured as a significant win or loss; the changing-split panel has the weighted estimate.
 */
export function metricTable(metric, colour, prefix = [], pooled = false) {
  const isMean = metric.type === "mean" || metric.type === "ratio";
  const base = [...prefix, "metrics", metric.metric];
  const converted = isMean ? "Converted" : "Conversions";
  const rate = isMean ? "Mean per unit" : "Rate";
  return html`
    <div class="table-wrap table-stack table-stack-wide"><table>
      <thead><tr>
        <th scope="col">Variant</th><th scope="col" class="num">Units</th>
        <th scope="col" class="num">${converted}</th><th scope="col" class="num">${rate}</th>
        <th scope="col" class="num">Lift</th><th scope="col" class="num">Interval</th><th scope="col" class="num">p-value</th>
        <th scope="col" class="num">Adjusted p</th><th scope="col" class="num">Chance to beat</th>
      </tr></thead>
      <tbody>${rowKeys(metric).map((key) => {
        const v = (metric.variants ?? []).find((x) => x.key === key) ?? { key };
        const c = (metric.comparisons ?? []).find((x) => x.variant === key);
        return html`<tr>
          <th scope="row">${swatch(colour(v.key))}${v.key}</th>
          ${numberCell(v.units, f.thousands(v.units), [...base, "variants", v.key, "units"], "", "Units")}
          ${numberCell(v.conversions, f.thousands(v.conversions), [...base, "variants", v.key, "conversions"], "", converted)}
          ${numberCell(v.mean, f.metricValue(v.mean, metric.type, metric.unit), [...base, "variants", v.key, "mean"], "", rate)}
          ${comparisonCells(c, [...base, "comparisons", v.key], metric.direction, pooled)}
        </tr>`;
      })}</tbody>
    </table></div>${pooled ? pooledNote() : ""}${maturingNote(metric)}`;
}

/** Whether the report's split changed while it ran (its metrics then pool different splits). */
export const pooledSplit = (report) => !!report?.changingSplit;

const pooledNote = () => html`<p class="sub pooled-note" data-pooled>Pooled over weight periods with different splits: biased when the baseline drifts, so not marked as a win or loss. The changing-split panel weights each period by its split.</p>`;

/** A windowed metric: the units whose window is still open, left out of every figure above. */
export function maturingNote(metric) {
  const maturing = (metric.variants ?? []).filter((v) => (v.maturingUnits ?? 0) > 0);
  if (!maturing.length) return "";
  const total = maturing.reduce((a, v) => a + v.maturingUnits, 0);
  const perArm = maturing.map((v) => `${v.key} ${f.thousands(v.maturingUnits)}`).join(", ");
  return html`<p class="help" data-maturing>${f.thousands(total)} ${f.noun(total, "unit", "units")} still maturing (window not closed yet, not counted above): ${perArm}.</p>`;
}

const ROLE_TONE = { primary: "info", secondary: "neutral", guardrail: "warn" };

const intervalLabel = (report, sequential) =>
  ({ group_sequential: "Repeated intervals at the latest look", always_valid: "Always-valid intervals", fixed: "Fixed-horizon intervals" })[report?.stats?.method]
  ?? (sequential ? "Always-valid intervals" : "Fixed-horizon intervals");


/**
 * CUPED: one line per comparison saying the figures are adjusted and by how much the variance fell,
 * with the unadjusted figures behind a disclosure; or why nothing was adjusted.
 */
export function cupedNote(metric) {
  const rows = (metric.comparisons ?? []).filter((c) => c.unadjusted || c.varianceReductionError || finite(c.varianceReduction));
  if (!rows.length) return "";
  return html`<ul class="cuped-notes">${rows.map((c) => {
    const u = c.unadjusted ?? {};
    const plain = finite(u.relativeLift)
      ? html`<details class="cuped-unadjusted"><summary>unadjusted figures</summary>lift ${f.signedPercent(u.relativeLift)}${Array.isArray(u.ci) ? html`, interval ${f.signedPercent(u.ci[0])} to ${f.signedPercent(u.ci[1])}` : ""}${finite(u.pValue) ? html`, p ${f.pValue(u.pValue)}` : ""}</details>`
      : "";
    const head = finite(c.varianceReduction)
      ? `adjusted (CUPED, ${c.varianceReduction >= 0 ? "−" : "+"}${Math.abs(c.varianceReduction * 100).toFixed(0)} % variance)`
      : `not adjusted (${String(c.varianceReductionError ?? "no covariates").replaceAll("_", " ")})`;
    return html`<li data-cuped="${c.variant}"><span class="sub">${c.variant}: ${head}</span>${plain}</li>`;
  })}</ul>`;
}

export function metricPanel(metric, report, sequential) {
  const rows = forestRows(metric, colourMap(report));
  // group-sequential: no p-values; holm or bh split alpha over the primary metric's comparisons
  const adjustment = report?.stats?.method !== "group_sequential" ? adjustmentLabel(metric)
    : metric.role === "primary" && metric.adjustment && metric.adjustment !== "none" ? `α split over the comparisons (${CORRECTION_NAMES[metric.adjustment] ?? metric.adjustment})` : "";
  return html`
    <section class="panel metric" aria-labelledby="metric-${metric.metric}" data-metric="${metric.metric}">
      <div class="panel-head">
        <div class="metric-head">
          <h2 id="metric-${metric.metric}">${metric.metric}</h2>
          <span class="badge badge-${ROLE_TONE[metric.role] ?? "neutral"}">${metric.role ?? "metric"}</span>
          <span class="badge badge-muted">${metric.type === "mean" ? `mean${metric.unit ? ` (${metric.unit})` : ""}` : "conversion"}</span>
          <span class="badge badge-muted" data-direction="${metric.direction ?? "increase"}">${metric.direction === "decrease" ? "lower is better" : "higher is better"}</span>
        </div>
        <p>${intervalLabel(report, sequential)}${adjustment ? html` · ${adjustment}` : ""}</p>
      </div>
      ${metricTable(metric, colourMap(report), [], pooledSplit(report))}
      ${cupedNote(metric)}
      ${rows.some((r) => finite(r.lift)) ? chartFigure(report, `forest:${metric.metric}`, `Forest plot of ${metric.metric}`) : ""}
    </section>`;
}

/** "device = mobile"; an ad segment names the ad: "ad “b” of search-ad". */
const segmentTitle = (segment) => (String(segment.attribute).startsWith("ad:")
  ? `Visitors of ad “${segment.value}” (${segment.attribute.slice(3)})` : `${segment.attribute} = ${segment.value}`);

export function segmentTables(report) {
  const colour = colourMap(report);
  return (report.segments ?? []).map((segment) => html`
    <div class="segment" data-segment="${segment.value}">
      <h3>${segmentTitle(segment)}
        <span class="sub">${f.count((segment.variants ?? []).reduce((a, v) => a + (v.units ?? 0), 0), "unit")}${segment.srm
          ? html` · sample ratio p = ${span(segment.srm.pValue, f.pValue(segment.srm.pValue), ["segments", segment.value, "srm", "pValue"])}${segment.srm.ok === false ? " (mismatch)" : ""}` : ""}</span></h3>
      ${(segment.metrics ?? []).map((metric) => html`
        <p class="label">${metric.metric} <span class="sub" style="display:inline">(${metric.role ?? ""})</span></p>
        ${metricTable(metric, colour, ["segments", segment.value], pooledSplit(report))}`)}
    </div>`);
}

