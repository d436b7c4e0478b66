// Journey: moments laid out by stage, each with its experiments, status and current decision.
import { html } from "../html.js";
import { api, listOf, session } from "../api.js";
import { STAGES, hasReport } from "../domain.js";
import { loading, notice, outcome, status } from "../ui.js";
import { hashFor } from "../router.js";
import { thousands, signedPercent, count, noun } from "../format.js";
import { holdoutsOf } from "./holdouts.js";

export async function render(main, ctx) {
  main.innerHTML = String(html`<section class="page"><h1>Customer journey</h1>${loading("moments")}</section>`);
  let moments, experiments;
  const showArchived = ctx.route.query.archived === "true";
  try {
    [moments, experiments] = await Promise.all([api.moments(), api.experiments(showArchived ? "?archived=true" : "")]);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    main.innerHTML = String(html`<section class="page"><h1>Customer journey</h1>${notice("bad", error.message)}</section>`);
    return;
  }
  moments = listOf(moments, "moments");
  experiments = listOf(experiments, "experiments");
  const reports = await loadReports(experiments);
  // holdouts are an admin's (permission manage); other roles see the journey without them
  const holdouts = session.can("manage") ? listOf(await api.holdouts().catch(() => ({ holdouts: [] })), "holdouts") : [];
  if (!ctx.isCurrent()) return;
  const canEdit = session.can("edit");
  main.innerHTML = String(html`
    <section class="page page-wide">
      ${ctx.flash ? notice(ctx.flash.tone, ctx.flash.message) : ""}
      <div class="page-head">
        <div>
          <h1>Customer journey</h1>
          <p class="lede">Every moment where a visitor makes up their mind, from the first ad to the review they leave.</p>
        </div>
        <div class="actions">
          ${canEdit ? html`<a class="button button-quiet" href="#/new/moment">New moment</a>
          <a class="button button-primary" href="#/new/experiment">New experiment</a>` : ""}
          <a class="button button-quiet" href="${showArchived ? "#/journey" : "#/journey?archived=true"}" data-toggle="archived">${showArchived ? "Hide archived" : "Show archived"}</a>
        </div>
      </div>
      ${summary(experiments, reports)}
      <ol class="journey" aria-label="Stages of the customer journey">
        ${STAGES.map((stage) => stageColumn(stage, moments.filter((m) => m.stage === stage.key), experiments, reports, canEdit, holdouts))}
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

/**
 * The summary tiles' numbers. A winner is "to roll out" only while its experiment still runs or is
 * paused: once stopped, the rollout was decided (made or declined), whatever the decision still says.
 */
export function summaryCounts(experiments, reports) {
  const withStatus = (...statuses) => experiments.filter((e) => statuses.includes(e.status));
  const outcome = (e) => reports.get(e.key)?.decision?.outcome;
  return {
    running: withStatus("running").length,
    drafts: withStatus("draft").length,
    toRollOut: withStatus("running", "paused").filter((e) => outcome(e) === "winner").length,
    attention: withStatus("running", "paused").filter((e) => ["srm", "guardrail_harm"].includes(outcome(e))).length,
  };
}

/** Each tile's words in agreement with its number: "1 winner to roll out", "2 winners to roll out". */
export function summaryLabels(counts) {
  return {
    running: "running",
    drafts: noun(counts.drafts, "draft"),
    toRollOut: noun(counts.toRollOut, "winner to roll out", "winners to roll out"),
    attention: noun(counts.attention, "needs attention", "need attention"),
  };
}

function summary(experiments, reports) {
  const counts = summaryCounts(experiments, reports);
  const labels = summaryLabels(counts);
  const tile = (key, tone = "") => html`<div class="stat ${tone}"><span class="stat-value" data-value="${counts[key]}">${thousands(counts[key])}</span><span class="stat-label">${labels[key]}</span></div>`;
  return html`<div class="stats-row" aria-label="Summary">
    ${tile("running")}${tile("drafts")}${tile("toRollOut", counts.toRollOut ? "stat-good" : "")}${tile("attention", counts.attention ? "stat-bad" : "")}
  </div>`;
}

function stageColumn(stage, moments, experiments, reports, canEdit, holdouts) {
  return html`
    <li class="stage stage-${stage.key.toLowerCase()}" data-stage="${stage.key}">
      <header class="stage-head">
        <span class="stage-key">${stage.key}</span>
        <h2 class="stage-name">${stage.name}</h2>
        <p class="stage-explain">${stage.explain}</p>
      </header>
      ${moments.length
        ? html`<ul class="moment-list">${moments.map((m) => momentCard(m, experiments.filter((e) => e.moment === m.key), reports, canEdit, holdouts))}</ul>`
        : html`<p class="empty">No moment here yet.${canEdit ? html` <a href="${hashFor("new-moment", null, { stage: stage.key })}">Add one</a>` : ""}</p>`}
    </li>`;
}

function momentCard(moment, experiments, reports, canEdit, holdouts = []) {
  const held = holdoutsOf(moment.key, holdouts);
  return html`
    <li class="moment card" data-moment="${moment.key}">
      <h3 class="moment-name">${moment.name || moment.key}</h3>
      <p class="moment-key"><code>${moment.key}</code></p>
      ${moment.description ? html`<p class="moment-desc">${moment.description}</p>` : ""}
      ${held.map((h) => html`<p class="moment-holdout" data-holdout="${h.key}"><a href="${hashFor("holdout", h.key)}">Holdout ${h.key}</a>: ${h.percent}% of visitors see no experiment here</p>`)}
      ${experiments.length ? html`<ul class="experiment-list">${experiments.map((e) => experimentRow(e, reports.get(e.key)))}</ul>`
        : html`<p class="empty">No experiment yet.</p>`}
      ${canEdit ? html`<a class="add-link" href="${hashFor("new-experiment", null, { moment: moment.key })}">+ Experiment</a>` : ""}
    </li>`;
}

/** "900 units · bold +24.8% on signup": the leading variant on the primary metric, in a line. */
export function headline(report) {
  const units = (report?.variants ?? []).reduce((a, v) => a + (v.units ?? 0), 0);
  const primary = report?.metrics?.find((m) => m.role === "primary") ?? report?.metrics?.[0];
  const best = (primary?.comparisons ?? []).filter((c) => Number.isFinite(c.relativeLift))
    .sort((a, b) => b.relativeLift - a.relativeLift)[0];
  const parts = [count(units, "unit")];
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
        ${experiment.archived ? html`<span class="badge badge-neutral" data-archived>Archived</span>` : ""}
        ${decision ? outcome(decision) : hasReport(experiment.status) ? html`<span class="badge badge-neutral">No report</span>` : ""}
      </span>
      ${report ? html`<span class="experiment-headline">${headline(report)}</span>` : ""}
      ${experiment.status === "stopped" && experiment.rollout ? html`<span class="experiment-headline">Rolled out: all traffic goes to ${experiment.rollout}</span>` : ""}
    </li>`;
}
