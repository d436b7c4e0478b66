// Markup for the sections of an experiment report. Pure (strings in, markup out) so it runs under
// Node too. Every number carries its exact JSON value in data-value and its place in data-path.
import { html } from "./html.js";
import * as f from "./format.js";
import { outcomeBadge, variantColour } from "./domain.js";
import { forestPlot, timelineChart, funnelChart } from "./charts.js";
import { bestArmFact } from "./bandit-view.js";
import { numberCell } from "./ui.js";
import { exclusionsList } from "./what-counts.js";

const finite = (v) => typeof v === "number" && Number.isFinite(v);

const span = (value, text, path) => html`<span data-value="${f.rawValue(value)}" data-path="${JSON.stringify(path)}">${text}</span>`;

/** Variant key → colour, in the configured order so a variant keeps its colour on every chart. */
export function colourMap(report) {
  const keys = (report.variants ?? []).map((v) => v.key);
  return (key) => variantColour(Math.max(0, keys.indexOf(key)));
}

const swatch = (colour) => html`<span class="swatch" style="background:${colour}" aria-hidden="true"></span>`;

/** Share of the planned sample already in: units counted over the plan's total. */
/** What the statistics cannot say, e.g. conversions for a metric key no experiment declares (a typo). */
export function warningsPanel(report) {
  const warnings = report?.warnings ?? [];
  if (!warnings.length) return "";
  return html`<section class="panel" aria-label="Warnings" data-warnings="${warnings.length}">
    ${warnings.map((w) => html`<div class="notice notice-warn" role="status" data-warning="${w.code}">${w.message}</div>`)}
  </section>`;
}

export function planProgress(report) {
  const planned = report?.decision?.plannedTotalUnits;
  const units = (report?.variants ?? []).reduce((a, v) => a + (v.units ?? 0), 0);
  return finite(planned) && planned > 0 ? Math.min(1, units / planned) : null;
}

/** @param behind how far the report's data is behind when that is too far (dataBehind), else null */
export function decisionPanel(decision, progress = null, status = null, behind = null) {
  if (!decision) return "";
  const badge = outcomeBadge(decision);
  // a bandit has no planned sample: its plan figures (units needed, days left) would mislead
  const ended = status === "stopped" || Boolean(decision.bestArm);
  const facts = [];
  if (decision.winner) facts.push(html`<div class="fact"><span class="fact-value">${decision.winner}</span><span class="fact-label">winner</span></div>`);
  if (decision.bestArm) facts.push(bestArmFact(decision));
  // units still needed only mean something while the test runs on; after an SRM they would mislead
  if (!ended && finite(decision.unitsNeeded) && (decision.outcome === "keep_running" || (decision.unitsNeeded > 0 && decision.outcome !== "srm"))) {
    facts.push(html`<div class="fact"><span class="fact-value">${span(decision.unitsNeeded, f.thousands(decision.unitsNeeded), ["decision", "unitsNeeded"])}</span><span class="fact-label">${f.noun(decision.unitsNeeded, "more unit needed", "more units needed")}</span></div>`);
  }
  if (!ended && finite(decision.plannedUnitsPerVariant) && decision.outcome === "keep_running") {
    facts.push(html`<div class="fact"><span class="fact-value">${span(decision.plannedUnitsPerVariant, f.thousands(decision.plannedUnitsPerVariant), ["decision", "plannedUnitsPerVariant"])}</span><span class="fact-label">planned per variant</span></div>`);
  }
  if (!ended && finite(decision.daysLeft) && decision.outcome === "keep_running") {
    facts.push(html`<div class="fact"><span class="fact-value">${span(decision.daysLeft, f.days(decision.daysLeft), ["decision", "daysLeft"])}</span><span class="fact-label">left at current traffic</span></div>`);
  }
  return html`
    <section class="decision decision-${badge.tone}" aria-label="Decision" data-outcome="${decision.outcome}">
      <span class="badge badge-${badge.tone} badge-outcome">${badge.label}</span>
      <div><p class="decision-reason" id="decision-reason">${decision.reason ?? ""}</p>
        ${decision.stoppedEarly ? html`<p class="help">The experiment was stopped before it reached its planned sample, so this result stays inconclusive.</p>` : ""}
        ${behind !== null ? html`<p class="help data-stale" data-stale>${behindText(behind)}</p>` : ""}</div>
      <div class="decision-facts">${facts}</div>
      ${progress !== null && !ended && decision.outcome === "keep_running" ? html`
        <div class="progress" role="progressbar" aria-label="Planned sample collected" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${Math.round(progress * 100)}">
          <span class="progress-bar" style="width:${(progress * 100).toFixed(1)}%"></span>
          <span class="progress-label">${f.percent(progress, 0)} of the planned sample</span>
        </div>` : ""}
    </section>`;
}

const SPENDING_NAME = { obrien_fleming: "O'Brien–Fleming", pocock: "Pocock" };

/** The primary metric's comparison that is furthest along (most looks), for the method sentence. */
function leadingReading(report) {
  const readings = (report?.metrics?.[0]?.comparisons ?? []).map((c) => c.sequential).filter(Boolean);
  return readings.reduce((best, r) => (!best || (r.look ?? 0) > (best.look ?? 0) ? r : best), null);
}

/**
 * The primary comparisons whose latest look CUPED could not adjust: their z and boundary read the
 * unadjusted lift, which the figures beside them (adjusted where CUPED could) do not say.
 */
function cupedFallbacks(report) {
  const fell = (report?.metrics?.[0]?.comparisons ?? []).filter((c) => c.sequential?.cupedFallback);
  if (!fell.length) return "";
  const which = fell.map((c) => `${c.variant} (${degenerate(c.sequential.cupedFallback)})`).join(", ");
  return ` CUPED could not adjust the latest look of ${which}: that look read the unadjusted lift.`;
}

/**
 * One sentence on how to read the numbers: for a group-sequential test, look k of about n (n from the
 * information fraction so far), the boundary and whether the figures are preliminary or final.
 */
export function methodSentence(report) {
  const method = report?.stats?.method;
  let text;
  if (method === "group_sequential") {
    const r = leadingReading(report);
    const spending = SPENDING_NAME[report.stats.spending] ?? "alpha";
    if (!r || !r.look) {
      text = `Group-sequential test (${spending} spending): one look a day at 00:00 UTC over the completed days; until the first look every figure is preliminary and nothing can be decided.`;
    } else {
      const about = finite(r.informationFraction) && r.informationFraction > 0 ? Math.max(r.look, Math.ceil(r.look / r.informationFraction)) : null;
      const boundary = finite(r.zBoundary) ? `a variant is called when |z| reaches ${r.zBoundary.toFixed(2)} (now ${finite(r.z) ? Math.abs(r.z).toFixed(2) : "–"})` : `no stop is possible yet this early (now |z| = ${finite(r.z) ? Math.abs(r.z).toFixed(2) : "–"})`;
      const state = r.final
        ? "the result is final: it will not change with more data."
        : "lifts since that look are preliminary; the decision and the interval are the look's.";
      text = `Group-sequential test (${spending} spending): look ${r.look}${about ? ` of about ${about}` : ""}, ${f.percent(r.informationFraction, 0)} of the planned sample; ${boundary}; ${state}${cupedFallbacks(report)}`;
    }
  } else if (method === "fixed") {
    text = "Fixed-horizon test: read the result once, when the planned sample is in; earlier significance is not a decision.";
  } else if (method === "always_valid") {
    text = "Always-valid intervals: safe to read every day, at the price of wider intervals than a planned test.";
  } else {
    return "";
  }
  return html`<p class="method-sentence help" data-method="${method}" id="method-sentence">${text}</p>`;
}

export function variantsPanel(report, config, now = Date.now()) {
  const total = (report.variants ?? []).reduce((a, v) => a + (v.units ?? 0), 0);
  const colour = colourMap(report);
  const kindOf = (key) => config?.variants?.find((v) => v.key === key)?.kind;
  return html`
    <section class="panel" aria-labelledby="variants-title">
      <div class="panel-head"><h2 id="variants-title">Variants</h2><p>${f.count(total, "unit")} in the statistics${dataAsOf(report, now)}</p></div>
      <div class="table-wrap table-stack"><table>
        <thead><tr><th scope="col">Variant</th><th scope="col" class="num">Units</th><th scope="col" class="num">Observed share</th><th scope="col" class="num">Expected share</th></tr></thead>
        <tbody>${(report.variants ?? []).map((v) => html`
          <tr class="${v.key === controlOf(report) ? "is-control" : ""}">
            <th scope="row">${swatch(colour(v.key))}${v.key}${kindOf(v.key) ? html`<span class="sub">${kindOf(v.key).replace("_", " ")}</span>` : ""}</th>
            ${numberCell(v.units, f.thousands(v.units), ["variants", v.key, "units"], "", "Units")}
            ${finite(v.observedShare) ? numberCell(v.observedShare, f.percent(v.observedShare, 1), ["variants", v.key, "observedShare"], "", "Observed share")
              : html`<td class="num" data-label="Observed share">${total ? f.percent(v.units / total, 1) : f.MISSING}</td>`}
            ${numberCell(v.expectedShare, f.percent(v.expectedShare, 1), ["variants", v.key, "expectedShare"], "", "Expected share")}
          </tr>`)}</tbody>
      </table></div>
    </section>`;
}

/** How far behind the report's data may be before the page says so: the fold normally trails by seconds. */
export const STALE_MS = 10 * 60 * 1000;

/**
 * How long ago the report's `dataAsOf` was when it is more than STALE_MS ago (the fold is behind or
 * stopped: events stored since are not in any figure), else null.
 */
export function dataBehind(report, now = Date.now()) {
  const at = report?.dataAsOf ? new Date(report.dataAsOf) : null;
  if (!at || Number.isNaN(at.getTime())) return null;
  const behind = now - at.getTime();
  return behind > STALE_MS ? behind : null;
}

/** "3 h 20 min" from milliseconds. */
function elapsed(ms) {
  const minutes = Math.floor(ms / 60000);
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), rest = minutes % 60;
  return days ? `${days} d ${hours} h` : hours ? `${hours} h ${rest} min` : `${rest} min`;
}

/** What the page says of data `behind` ms old: the figures and decision miss what came since. */
export const behindText = (behind) => `The data is ${elapsed(behind)} behind: events stored since are not counted yet, so every figure and the decision may still change.`;

/**
 * "data as of 12:04:31" (local time): events stored after it may not be counted yet. Data more than
 * STALE_MS old shows its date and how far behind it is: a time alone looked current a day later.
 */
function dataAsOf(report, now = Date.now()) {
  const at = report.dataAsOf ? new Date(report.dataAsOf) : null;
  if (!at || Number.isNaN(at.getTime())) return "";
  const time = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  const behind = dataBehind(report, now);
  if (behind !== null) {
    return html` · <span class="data-as-of data-stale" data-stale title="${behindText(behind)}">data as of ${at.toLocaleDateString()} ${time}, ${elapsed(behind)} behind</span>`;
  }
  return html` · <span class="data-as-of" title="Every event stored before ${at.toISOString()} is counted">data as of ${time}</span>`;
}

/** The sample-ratio check's tone and words: only a computed p-value over counted units is green. */
function sampleRatio(srm, units) {
  if (srm.ok === false) return { tone: "bad", help: "Mismatch: the split differs from the weights." };
  if (!units) return { tone: "neutral", help: "Nothing to check yet: no units counted." };
  if (!finite(srm.pValue)) return { tone: "neutral", help: `Not checked yet: ${degenerate(srm.error)}.` };
  return { tone: "ok", help: "Split matches the weights." };
}

export function healthPanel(report) {
  const srm = report.srm ?? {};
  const health = report.health ?? {};
  const units = (report.variants ?? []).reduce((a, v) => a + (v.units ?? 0), 0);
  const ratio = sampleRatio(srm, units);
  // with no unit counted nothing has been checked, so nothing shows as healthy either
  const calm = units ? "ok" : "neutral";
  const item = (tone, label, value, text, path, help) => html`
    <div class="health-item health-${tone}">
      <span class="fact-label">${label}</span>
      <span class="fact-value">${span(value, text, path)}</span>
      <span class="help">${help}</span>
    </div>`;
  return html`
    <section class="panel" aria-labelledby="health-title">
      <div class="panel-head"><h2 id="health-title">Health</h2></div>
      <div class="health">
        ${item(ratio.tone, "Sample ratio", srm.pValue, f.pValue(srm.pValue), ["srm", "pValue"], ratio.help)}
        ${item(health.multipleExposures > 0 ? "warn" : calm, "Multiple exposures", health.multipleExposures, f.thousands(health.multipleExposures), ["health", "multipleExposures"], "Units that saw more than one variant; left out.")}
        ${item(calm, "Forced exposures", health.forcedExposures, f.thousands(health.forcedExposures), ["health", "forcedExposures"], "Forced previews (moments_force links); left out.")}
      </div>
      ${exclusionsList(health)}
    </section>`;
}

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
const degenerate = (code) => DEGENERATE[code] ?? (code ? String(code).replaceAll("_", " ") : "no data yet");

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

const intervalCell = (ci, base) => html`<td class="num cell-wide" data-label="Interval">${Array.isArray(ci)
  ? html`${span(ci[0], f.signedPercent(ci[0]), [...base, "ci", 0])} to ${span(ci[1], f.signedPercent(ci[1]), [...base, "ci", 1])}` : f.MISSING}</td>`;

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

const forestRows = (metric, colour) => (metric.comparisons ?? []).map((c) => ({
  label: c.variant, lift: c.relativeLift, ci: c.ci, significant: c.significant, colour: colour(c.variant),
}));

/** The treatments drawn on the timeline: every variant but the control. */
function timelineSeries(report) {
  const colour = colourMap(report);
  const control = controlOf(report);
  return (report.variants ?? []).filter((v) => v.key !== control).map((v) => ({ key: v.key, colour: colour(v.key) }));
}

/**
 * A chart of the report by name ("forest:<metric>", "timeline", "funnel") drawn `width` px wide.
 * The page draws each chart again at the width its figure is shown at (chart-fit.js), so that the
 * text keeps its real size on any screen and after a resize.
 */
export function drawChart(report, name, width = 640) {
  const colour = colourMap(report);
  if (name === "timeline") return timelineChart(report.timeline ?? [], timelineSeries(report), { width });
  if (name === "funnel") return funnelChart(report.funnel ?? [], (report.variants ?? []).map((v) => v.key), colour, { width });
  const metric = (report.metrics ?? []).find((m) => `forest:${m.metric}` === name);
  return metric ? forestPlot(forestRows(metric, colour), { width }) : "";
}

const chartFigure = (report, name, label) =>
  html`<figure class="chart-box" data-chart="${name}" aria-label="${label}">${drawChart(report, name)}</figure>`;

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

export function timelinePanel(report) {
  const timeline = report.timeline ?? [];
  const control = controlOf(report);
  const series = timelineSeries(report);
  const hasLift = timeline.some((day) => (day.variants ?? []).some((v) => finite(v.relativeLift)));
  if (!hasLift || !series.length) {
    return html`<section class="panel" aria-labelledby="timeline-title"><h2 id="timeline-title">Timeline</h2><p class="empty">No daily results yet.</p></section>`;
  }
  const primary = report.metrics?.[0]?.metric ?? "primary metric";
  return html`
    <section class="panel" aria-labelledby="timeline-title">
      <div class="panel-head"><h2 id="timeline-title">Cumulative lift of ${primary}</h2><p>${report?.stats?.method === "group_sequential"
        ? `Line: lift against ${control}; band: the repeated interval at each daily look; dashed: the lift a look had to reach to stop the test (its boundary).`
        : `Line: lift against ${control}; band: its always-valid interval, safe to read every day.`}</p></div>
      <div class="legend">${series.map((s) => html`<span>${swatch(s.colour)}${s.key}</span>`)}</div>
      ${chartFigure(report, "timeline", `Cumulative lift of ${primary}`)}
      <details><summary>Show as a table</summary>
        <div class="table-wrap table-stack"><table>
          <thead><tr><th scope="col">Variant</th><th scope="col" class="num">Units</th><th scope="col" class="num">Lift</th><th scope="col" class="num">Interval</th></tr></thead>
          ${timeline.map((day) => groupRows(f.shortDate(day.date), 4, (day.variants ?? []).map((v) => {
            const base = ["timeline", day.date, "variants", v.key];
            return html`<tr><th scope="row">${swatch(colourMap(report)(v.key))}${v.key}</th>
              ${numberCell(v.units, f.thousands(v.units), [...base, "units"], "", "Units")}
              ${numberCell(v.relativeLift, f.signedPercent(v.relativeLift), [...base, "relativeLift"], "", "Lift")}
              ${intervalCell(v.ci, base)}</tr>`;
          })))}
        </table></div>
      </details>
    </section>`;
}

/** One group of rows (a funnel step, a day) under its own heading row. */
const groupRows = (title, columns, rows) =>
  html`<tbody><tr class="group-head"><th scope="rowgroup" colspan="${columns}">${title}</th></tr>${rows}</tbody>`;

export function funnelPanel(report) {
  const funnel = report.funnel ?? [];
  if (!funnel.length) return "";
  const colour = colourMap(report);
  const keys = (report.variants ?? []).map((v) => v.key);
  const head = html`<div class="panel-head"><h2 id="funnel-title">Funnel</h2><p>Share of exposed units that reached each step and every earlier one.</p></div>`;
  if (!funnel.some((step) => (step.variants ?? []).some((v) => finite(v.rate)))) {
    return html`<section class="panel" aria-labelledby="funnel-title">${head}<p class="empty">No units yet: the funnel fills in as visitors arrive.</p></section>`;
  }
  return html`
    <section class="panel" aria-labelledby="funnel-title">
      ${head}
      <div class="legend">${keys.map((k) => html`<span>${swatch(colour(k))}${k}</span>`)}</div>
      ${chartFigure(report, "funnel", "Funnel")}
      <div class="table-wrap table-stack"><table>
        <thead><tr><th scope="col">Variant</th><th scope="col" class="num">Units</th><th scope="col" class="num">Of exposed</th><th scope="col" class="num">Of previous step</th></tr></thead>
        ${funnel.map((step, i) => groupRows(`${i + 1}. ${step.metric}`, 4, (step.variants ?? []).map((v) => {
          const base = ["funnel", step.metric, "variants", v.key];
          return html`<tr><th scope="row">${swatch(colour(v.key))}${v.key}</th>
            ${numberCell(v.units, f.thousands(v.units), [...base, "units"], "", "Units")}
            ${numberCell(v.rate, f.percent(v.rate), [...base, "rate"], "", "Of exposed")}
            ${numberCell(v.rateFromPrevious, f.percent(v.rateFromPrevious, 1), [...base, "rateFromPrevious"], "", "Of previous step")}</tr>`;
        })))}
      </table></div>
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

const methodName = (st) => {
  const method = st.method ?? (st.sequential === false ? "fixed" : "always_valid");
  if (method === "group_sequential") return `group-sequential (${SPENDING_NAME[st.spending] ?? "O'Brien–Fleming"})`;
  return method === "fixed" ? "fixed horizon" : "sequential (always valid)";
};

/** The experiment's settings in one compact list, so a reader knows what the numbers were planned for. */
export function setupPanel(experiment) {
  const st = experiment.stats ?? {};
  const asKey = (m) => (typeof m === "string" ? m : m?.key);
  const item = (label, value) => (value === undefined || value === null || value === "" ? "" : html`<div class="setup-item"><dt>${label}</dt><dd>${value}</dd></div>`);
  const correction = { holm: "Holm", bh: "Benjamini–Hochberg", none: "none" }[st.correction] ?? st.correction;
  return html`
    <section class="panel" aria-labelledby="setup-title">
      <div class="panel-head"><h2 id="setup-title">Setup</h2></div>
      <dl class="setup">
        ${item("Traffic", finite(experiment.trafficPercent) ? `${experiment.trafficPercent}% of the moment` : "")}
        ${item("Primary metric", asKey(experiment.primaryMetric))}
        ${item("Secondary", (experiment.secondaryMetrics ?? []).map(asKey).join(", "))}
        ${item("Guardrails", (experiment.guardrailMetrics ?? []).map(asKey).join(", "))}
        ${item("Significance", finite(st.alpha) ? `α ${st.alpha}, power ${f.percent(st.power, 0)}` : "")}
        ${item("Smallest lift", finite(st.mde) ? f.signedPercent(st.mde, 0) : "")}
        ${item("Method", `${methodName(st)}${correction ? `, ${correction} correction` : ""}`)}
        ${item("Started", experiment.startedAt ? f.shortDate(experiment.startedAt) : "")}
        ${item("Stopped", experiment.stoppedAt ? f.shortDate(experiment.stoppedAt) : "")}
      </dl>
      ${experiment.targeting ? html`<details><summary>Targeting</summary><pre class="code">${JSON.stringify(experiment.targeting, null, 2)}</pre></details>` : html`<p class="help">No targeting: every visitor of the moment can take part.</p>`}
    </section>`;
}
