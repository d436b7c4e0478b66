// A bandit's page parts: the weight history as a stacked area chart, and what its report says
// instead of a fixed-horizon test: the best arm with its probability (changingSplit.bandit), the
// period-weighted means beside the pooled ones (changingSplit).
import { html } from "./html.js";
import { percent } from "./format.js";
import { weightsChart } from "./charts.js";

const finite = (v) => typeof v === "number" && Number.isFinite(v);

/** "bold is the best arm with probability 97%", or null when the report has no bandit reading. */
export function bestArmSentence(report) {
  const b = report?.changingSplit?.bandit;
  if (!b || !b.bestArm || !finite(b.probabilityBest)) return null;
  return `${b.bestArm} is the best arm with probability ${percent(b.probabilityBest, 0)}`;
}

/** The decision panel's fact for a bandit. */
export function bestArmFact(decision) {
  if (!decision?.bestArm || !finite(decision.probabilityBest)) return "";
  return html`<div class="fact" data-best-arm="${decision.bestArm}"><span class="fact-value">${decision.bestArm} · ${percent(decision.probabilityBest, 0)}</span><span class="fact-label">best arm, with probability</span></div>`;
}

/** The weights the experiment ran with over time (GET .../weights), oldest first. */
export function weightsPanel(history, variantKeys, colourOf, { width = 640, end = null } = {}) {
  if (!Array.isArray(history) || !history.length) return "";
  const latest = history[history.length - 1];
  return html`<section class="panel" aria-labelledby="weights-title" data-weights="${history.length}">
    <div class="panel-head"><h2 id="weights-title">Traffic split over time</h2><p>${history.length === 1 ? "The split has not changed yet." : `${history.length} splits since the start; each holds until the next update.`}</p></div>
    <div class="legend">${variantKeys.map((k) => html`<span><span class="swatch" style="background:${colourOf(k)}" aria-hidden="true"></span>${k} ${finite(latest.weights?.[k]) ? percent(latest.weights[k], 0) : ""}${finite(latest.probabilityBest?.[k]) ? ` (best with p ${percent(latest.probabilityBest[k], 0)})` : ""}</span>`)}</div>
    <figure class="chart-box" data-chart="weights" aria-label="Share of traffic per variant over time">${weightsChart(history, variantKeys, colourOf, { width, end })}</figure>
  </section>`;
}

/** Period-weighted means beside the pooled ones, for the primary metric, when the split changed. */
export function changingSplitPanel(report) {
  const split = report?.changingSplit;
  const metric = split?.metrics?.[0];
  if (!split || !metric) return "";
  const sentence = bestArmSentence(report);
  return html`<section class="panel" aria-labelledby="split-title" data-changing-split="${split.estimator}">
    <div class="panel-head"><h2 id="split-title">Changing split</h2><p>${(split.periods?.length ?? 0) > 1 ? "The split changed while the experiment ran" : "A bandit's split changes as it learns"}, so each arm's ${metric.metric} is weighted by the split ${split.granularity === "update_period" ? "in effect when its visitors arrived" : "of the day its visitors arrived"} (${split.estimator}); the pooled figure, biased when the baseline drifts, is beside it.</p></div>
    ${sentence ? html`<p class="best-arm" data-best-arm-sentence>${sentence}.</p>` : ""}
    <table class="table"><thead><tr><th scope="col">Variant</th><th scope="col">Units</th><th scope="col">Weighted</th><th scope="col">Pooled</th></tr></thead>
      <tbody>${(metric.variants ?? []).map((v) => html`<tr><th scope="row">${v.key}</th><td>${v.units}</td><td>${finite(v.mean) ? percent(v.mean) : "–"}</td><td>${finite(v.pooledMean) ? percent(v.pooledMean) : "–"}</td></tr>`)}</tbody></table>
  </section>`;
}
