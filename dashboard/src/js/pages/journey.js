// Journey: moments laid out by stage, each with its experiments, status and current decision.
import { html } from "../html.js";
import { api, listOf } from "../api.js";
import { STAGES, hasReport } from "../domain.js";
import { loading, notice, outcome, status } from "../ui.js";
import { hashFor } from "../router.js";
import { thousands, signedPercent } from "../format.js";

export async function render(main, ctx) {
  main.innerHTML = String(html`<section class="page"><h1>Customer journey</h1>${loading("moments")}</section>`);
  let moments, experiments;
  try {
    [moments, experiments] = await Promise.all([api.moments(), api.experiments()]);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    main.innerHTML = String(html`<section class="page"><h1>Customer journey</h1>${notice("bad", error.message)}</section>`);
    return;
  }
  moments = listOf(moments, "moments");
  experiments = listOf(experiments, "experiments");
  const reports = await loadReports(experiments);
  if (!ctx.isCurrent()) return;
  main.innerHTML = String(html`
    <section class="page page-wide">
      ${ctx.flash ? notice(ctx.flash.tone, ctx.flash.message) : ""}
      <div class="page-head">
        <div>
          <h1>Customer journey</h1>
          <p class="lede">Every moment where a visitor makes up their mind, from the first ad to the review they leave.</p>
        </div>
        <div class="actions">
          <a class="button button-quiet" href="#/new/moment">New moment</a>
          <a class="button button-primary" href="#/new/experiment">New experiment</a>
        </div>
      </div>
      ${summary(experiments, reports)}
      <ol class="journey" aria-label="Stages of the customer journey">
        ${STAGES.map((stage) => stageColumn(stage, moments.filter((m) => m.stage === stage.key), experiments, reports))}
      </ol>
    </section>`);
}

/** Reports for experiments that have data; a failed report shows as "no report" rather than failing the page. */
async function loadReports(experiments) {
  const entries = await Promise.all(experiments.filter((e) => hasReport(e.status)).map(async (e) => {
    try { return [e.key, await api.report(e.key)]; } catch { return [e.key, null]; }
  }));
  return new Map(entries);
}

function summary(experiments, reports) {
  const count = (s) => experiments.filter((e) => e.status === s).length;
  const winners = [...reports.values()].filter((r) => r?.decision?.outcome === "winner").length;
  const attention = [...reports.values()].filter((r) => ["srm", "guardrail_harm"].includes(r?.decision?.outcome)).length;
  const tile = (label, value, tone = "") => html`<div class="stat ${tone}"><span class="stat-value" data-value="${value}">${thousands(value)}</span><span class="stat-label">${label}</span></div>`;
  return html`<div class="stats-row" aria-label="Summary">
    ${tile("running", count("running"))}${tile("drafts", count("draft"))}${tile("winners to roll out", winners, winners ? "stat-good" : "")}${tile("need attention", attention, attention ? "stat-bad" : "")}
  </div>`;
}

function stageColumn(stage, moments, experiments, reports) {
  return html`
    <li class="stage stage-${stage.key.toLowerCase()}" data-stage="${stage.key}">
      <header class="stage-head">
        <span class="stage-key">${stage.key}</span>
        <h2 class="stage-name">${stage.name}</h2>
        <p class="stage-explain">${stage.explain}</p>
      </header>
      ${moments.length
        ? html`<ul class="moment-list">${moments.map((m) => momentCard(m, experiments.filter((e) => e.moment === m.key), reports))}</ul>`
        : html`<p class="empty">No moment here yet. <a href="${hashFor("new-moment", null, { stage: stage.key })}">Add one</a></p>`}
    </li>`;
}

function momentCard(moment, experiments, reports) {
  return html`
    <li class="moment card" data-moment="${moment.key}">
      <h3 class="moment-name">${moment.name || moment.key}</h3>
      <p class="moment-key"><code>${moment.key}</code></p>
      ${moment.description ? html`<p class="moment-desc">${moment.description}</p>` : ""}
      ${experiments.length ? html`<ul class="experiment-list">${experiments.map((e) => experimentRow(e, reports.get(e.key)))}</ul>`
        : html`<p class="empty">No experiment yet.</p>`}
      <a class="add-link" href="${hashFor("new-experiment", null, { moment: moment.key })}">+ Experiment</a>
    </li>`;
}

/** "900 units · bold +24.8% on signup": the leading variant on the primary metric, in a line. */
export function headline(report) {
  const units = (report?.variants ?? []).reduce((a, v) => a + (v.units ?? 0), 0);
  const primary = report?.metrics?.find((m) => m.role === "primary") ?? report?.metrics?.[0];
  const best = (primary?.comparisons ?? []).filter((c) => Number.isFinite(c.relativeLift))
    .sort((a, b) => b.relativeLift - a.relativeLift)[0];
  const parts = [`${thousands(units)} units`];
  if (best) parts.push(`${best.variant} ${signedPercent(best.relativeLift)} on ${primary.metric}`);
  return parts.join(" · ");
}

function experimentRow(experiment, report) {
  const decision = report?.decision;
  return html`
    <li class="experiment-row" data-experiment="${experiment.key}">
      <a href="${hashFor("experiment", experiment.key)}" class="experiment-link">${experiment.name || experiment.key}</a>
      <span class="badges">
        ${status(experiment.status)}
        ${decision ? outcome(decision) : hasReport(experiment.status) ? html`<span class="badge badge-neutral">No report</span>` : ""}
      </span>
      ${report ? html`<span class="experiment-headline">${headline(report)}</span>` : ""}
    </li>`;
}
