// The report's charts and the sections built around them (timeline, funnel); each chart is drawn
// again at the width its figure is shown at (chart-fit.js). Pure markup, unit-tested under Node.
import { html } from "./html.js";
import * as f from "./format.js";
import { forestPlot, timelineChart, funnelChart } from "./charts.js";
import { numberCell } from "./ui.js";
import { colourMap, controlOf, finite, intervalCell, swatch } from "./report-cells.js";

export const forestRows = (metric, colour) => (metric.comparisons ?? []).map((c) => ({
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

export const chartFigure = (report, name, label) =>
  html`<figure class="chart-box" data-chart="${name}" aria-label="${label}">${drawChart(report, name)}</figure>`;

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

