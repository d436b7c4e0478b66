// The report's daily values: each day's cohort (the visitors first exposed that day) per variant,
// with the primary metric over them. Pure markup, unit-tested under Node.
import { html } from "./html.js";
import * as f from "./format.js";
import { numberCell } from "./ui.js";
import { colourMap, swatch } from "./report-cells.js";

export function dailyPanel(report) {
  const days = (report.timeline ?? []).filter((day) => Array.isArray(day.daily));
  if (!days.length) return "";
  const metric = report.metrics?.[0] ?? {};
  const colour = colourMap(report);
  const rate = metric.type === "mean" ? "Mean per unit" : "Rate";
  return html`
    <section class="panel" aria-labelledby="daily-title" data-daily="${days.length}">
      <div class="panel-head"><h2 id="daily-title">Daily values of ${metric.metric ?? "the primary metric"}</h2>
        <p>Each day's new visitors per variant and how many of them converted (up to ${report.range?.to ?? "today"}): a day's rate is that of the visitors who arrived that day.</p></div>
      <details><summary>Show day by day</summary>
        <div class="table-wrap table-stack"><table>
          <thead><tr><th scope="col">Variant</th><th scope="col" class="num">New units</th><th scope="col" class="num">Converted</th><th scope="col" class="num">${rate}</th></tr></thead>
          ${days.map((day) => html`<tbody><tr class="group-head"><th scope="rowgroup" colspan="4">${f.shortDate(day.date)}</th></tr>
            ${day.daily.map((v) => {
              const base = ["timeline", day.date, "daily", v.key];
              return html`<tr><th scope="row">${swatch(colour(v.key))}${v.key}</th>
                ${numberCell(v.units, f.thousands(v.units), [...base, "units"], "", "New units")}
                ${numberCell(v.conversions, f.thousands(v.conversions), [...base, "conversions"], "", "Converted")}
                ${numberCell(v.mean, f.metricValue(v.mean, metric.type, metric.unit), [...base, "mean"], "", rate)}</tr>`;
            })}</tbody>`)}
        </table></div>
      </details>
    </section>`;
}
