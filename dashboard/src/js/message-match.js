// The message match of a landing experiment split by an ad experiment (`?segment=ad:<ad>`): the
// primary metric per (ad variant × landing variant) cell with its units, the best landing variant
// per ad, and the interaction test's verdict in words. Pure markup, unit-tested under Node.
import { html } from "./html.js";
import * as f from "./format.js";

const finite = (v) => typeof v === "number" && Number.isFinite(v);
/** "= 0.520" or "< 0.001", to follow a "p". */
const pText = (value) => { const p = f.pValue(value); return p.startsWith("<") ? p : `= ${p}`; };
const unique = (values) => [...new Set(values)];

/**
 * The test's verdict for people: does the best landing variant depend on the ad that brought the visitor?
 * `pooled`: the landing split changed while the experiment ran, so each cell pools periods of different
 * splits (an ad that came mostly in one period carries that period's baseline): no verdict, whatever the
 * cells say (the server sends `changing_split` then; an older one sent its pooled test).
 */
export function interactionVerdict(match, pooled = false) {
  const t = match?.interaction ?? {};
  if (pooled || t.error === "changing_split") {
    return { tone: "info", text: "The landing split changed while the experiment ran: each cell pools periods of different splits, so these cells cannot tell which landing page suits which ad. The changing-split panel weighs the experiment's periods." };
  }
  if (t.error || !finite(t.pValue)) {
    return { tone: "info", text: `The interaction cannot be tested yet (${String(t.error ?? "no data").replaceAll("_", " ")}): wait for more visitors in every cell.` };
  }
  const p = pText(t.pValue);
  const best = (match.bestLanding ?? []).map((b) => `“${b.landingVariant}” after ad “${b.adVariant}”`).join(", ");
  if (t.significant) {
    return { tone: "warn", text: `The best landing page depends on the ad (interaction p ${p}): ${best}. Match each ad with its own landing page rather than rolling out one winner for all.` };
  }
  return { tone: "info", text: `No evidence that the best landing page depends on the ad (interaction p ${p}): one landing variant can serve every ad.` };
}

/** The table: a row per ad variant, a column per landing variant, each cell the rate (or mean) and its n. */
export function messageMatchPanel(report) {
  const match = report?.messageMatch;
  if (!match) return "";
  const cells = match.cells ?? [];
  const metric = (report.metrics ?? []).find((m) => m.metric === match.metric) ?? {};
  const ads = unique(cells.map((c) => c.adVariant));
  const landings = unique([...(report.variants ?? []).map((v) => v.key), ...cells.map((c) => c.landingVariant)])
    .filter((k) => cells.some((c) => c.landingVariant === k));
  const pooled = !!report.changingSplit || match.interaction?.error === "changing_split";
  const best = new Map(pooled ? [] : (match.bestLanding ?? []).map((b) => [b.adVariant, b.landingVariant]));
  const verdict = interactionVerdict(match, pooled);
  const t = pooled ? {} : match.interaction ?? {};
  const cell = (ad, landing) => {
    const i = cells.findIndex((c) => c.adVariant === ad && c.landingVariant === landing);
    if (i < 0) return html`<td class="num" data-label="${landing}">${f.MISSING}</td>`;
    const c = cells[i];
    const value = metric.type === "mean" ? c.mean : c.rate;
    const text = f.metricValue(value, metric.type, metric.unit);
    const isBest = best.get(ad) === landing;
    return html`<td class="num ${isBest ? "match-best" : ""}" data-label="${landing}" data-cell="${ad}×${landing}">
      <span data-value="${f.rawValue(value)}" data-path="${JSON.stringify(["messageMatch", "cells", i, metric.type === "mean" ? "mean" : "rate"])}">${text}</span>
      <span class="sub">n = <span data-value="${c.units}" data-path="${JSON.stringify(["messageMatch", "cells", i, "units"])}">${f.thousands(c.units)}</span>${isBest ? " · best" : ""}</span></td>`;
  };
  return html`
    <section class="panel" aria-labelledby="match-title" data-message-match="${match.adExperiment}">
      <div class="panel-head"><h2 id="match-title">Message match: ${match.metric} by ad and landing page</h2>
        <p>Visitors of each ad of “${match.adExperiment}” (rows) on each landing variant (columns); n is the number of units in the cell.</p></div>
      <div class="notice notice-${verdict.tone}" role="status" data-verdict="${pooled ? "pooled" : t.significant ? "depends" : t.error || !finite(t.pValue) ? "untested" : "independent"}">${verdict.text}</div>
      <div class="table-wrap table-stack"><table>
        <thead><tr><th scope="col">Ad variant</th>${landings.map((l) => html`<th scope="col" class="num">${l}</th>`)}</tr></thead>
        <tbody>${ads.map((ad) => html`<tr><th scope="row">${ad}</th>${landings.map((l) => cell(ad, l))}</tr>`)}</tbody>
      </table></div>
      ${finite(t.statistic) ? html`<p class="help">Likelihood-ratio test of the ad × landing interaction in a logistic regression:
        χ² = ${numberText(t.statistic, ["messageMatch", "interaction", "statistic"])}, df = ${numberText(t.df, ["messageMatch", "interaction", "df"])},
        p ${numberText(t.pValue, ["messageMatch", "interaction", "pValue"], pText(t.pValue))}.</p>` : ""}
    </section>`;
}

const numberText = (value, path, text = f.thousands(value, Number.isInteger(value) ? 0 : 2)) =>
  html`<span data-value="${f.rawValue(value)}" data-path="${JSON.stringify(path)}">${text}</span>`;

/** The ad experiments a landing experiment can be split by: every other experiment whose variants are all ads. */
export function adSegments(experiments, self) {
  return (experiments ?? [])
    .filter((e) => e.key !== self && e.status !== "draft" && (e.variants ?? []).length > 0 && e.variants.every((v) => v.kind === "ad"))
    .map((e) => `ad:${e.key}`);
}
