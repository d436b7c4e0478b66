// Markup for the sections of an experiment report. Pure (strings in, markup out) so it runs under
// Node too. Every number carries its exact JSON value in data-value and its place in data-path.
import { html } from "./html.js";
import * as f from "./format.js";
import { outcomeBadge } from "./domain.js";
import { bestArmFact } from "./bandit-view.js";
import { numberCell } from "./ui.js";
import { exclusionsList } from "./what-counts.js";
import { colourMap, controlOf, degenerate, finite, span, swatch } from "./report-cells.js";

// The page imports every section from here.
export { colourMap, controlOf } from "./report-cells.js";
export { adjustmentLabel, cupedNote, liftClass, maturingNote, metricPanel, metricTable, pooledSplit, segmentTables } from "./metric-view.js";
export { drawChart, funnelPanel, timelinePanel } from "./chart-panels.js";

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
