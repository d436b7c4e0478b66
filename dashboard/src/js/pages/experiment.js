// Experiment: the decision first, then variants, health, metrics, timeline, funnel and segments,
// with the lifecycle actions (start, pause, stop with rollout) and the CSV download.
import { html } from "../html.js";
import { api, session, listOf } from "../api.js";
import { weightsPanel, changingSplitPanel } from "../bandit-view.js";
import { weightsChart } from "../charts.js";
import { hasReport, stageOf } from "../domain.js";
import { confirmDialog, loading, notice, status, saveBlob, announce } from "../ui.js";
import { hashFor } from "../router.js";
import * as view from "../report-view.js";
import { adSegments, messageMatchPanel } from "../message-match.js";
import { dailyPanel } from "../daily-view.js";
import { linksPanel, linksTable, pageUrl } from "../links-view.js";
import { fitCharts, stopFitting } from "../chart-fit.js";
import { auditPanel, dateTime } from "../ops-view.js";

let focusAfterRender = null;

export async function render(main, ctx) {
  stopFitting();
  const [key] = ctx.route.params;
  let segment = ctx.route.query.segment ?? "";
  const range = { from: ctx.route.query.from ?? "", to: ctx.route.query.to ?? "" };
  main.innerHTML = String(html`<section class="page"><h1>${key}</h1>${loading("the report")}</section>`);
  let experiment, report = null, reportError = null, audit = null, ads = [], weights = null;
  try {
    experiment = await api.experiment(key);
    // an ad experiment's visitors can split this one's report (the message match); the list is a courtesy
    ads = await api.experiments().then((list) => adSegments(listOf(list, "experiments"), key)).catch((error) => { if (error.status === 401) throw error; return []; });
    audit = await api.audit(key).then((a) => a.entries ?? []).catch((error) => { if (error.status === 401) throw error; return error; });
    if (hasReport(experiment.status) && experiment.allocation?.type === "bandit") {
      // the history is a courtesy: the report stands without it
      weights = await api.weights(key).then((w) => w.history ?? w).catch((error) => { if (error.status === 401) throw error; return null; });
    }
    if (hasReport(experiment.status)) {
      try {
        report = await api.report(key, { segment, ...range }).catch((error) => {
          // the API knows which attributes a report splits by: an unknown one shows the whole report
          if (!segment || error.field !== "segment") throw error;
          segment = "";
          return api.report(key, { segment, ...range });
        });
      } catch (error) { if (error.status === 401) throw error; reportError = error; }
    }
  } catch (error) {
    if (!ctx.isCurrent()) return;
    main.innerHTML = String(html`<section class="page"><h1>${key}</h1>${notice("bad", error.status === 404 ? "There is no experiment with this key." : error.message)}<p><a href="#/journey">Back to the journey</a></p></section>`);
    return;
  }
  if (!ctx.isCurrent()) return;
  main.innerHTML = String(page(experiment, report, reportError, segment, ctx.flash, audit, ads, range, weights));
  if (report) {
    const keys = (experiment.variants ?? []).map((v) => v.key);
    fitCharts(main, (name, width) => (name === "weights" ? weightsChart(weights, keys, view.colourMap(report), { width, end: weightsEnd(experiment) }) : view.drawChart(report, name, width)));
  }
  wire(main, experiment, report, ctx, segment);
  if (focusAfterRender) {
    main.querySelector(focusAfterRender)?.focus();
    focusAfterRender = null;
    ctx.keepFocus = true;
  }
}

/** The current split holds until now while the experiment runs, until its stop once stopped. */
const weightsEnd = (experiment) => (experiment.status === "stopped" ? experiment.stoppedAt ?? null : new Date().toISOString());

function page(experiment, report, reportError, segment, flash, audit, ads, range, weights) {
  const stage = stageOf(report?.stage ?? experiment.stage);
  const sequential = (report?.stats ?? experiment.stats)?.sequential !== false;
  return html`
    <section class="page" data-experiment="${experiment.key}">
      ${flash ? notice(flash.tone, flash.message) : ""}
      <div>
        <p class="eyebrow">
          ${stage ? html`<span>${stage.key} · ${stage.name}</span><span aria-hidden="true">/</span>` : ""}
          <a href="#/journey">${experiment.moment}</a><span aria-hidden="true">/</span><span>${experiment.key}</span>
        </p>
        <div class="page-head">
          <div>
            <h1>${experiment.name || experiment.key} ${status(experiment.status)}</h1>
            ${experiment.hypothesis ? html`<p class="lede">${experiment.hypothesis}</p>` : ""}
          </div>
          <div class="actions">${actions(experiment, report)}</div>
        </div>
      </div>
      ${experiment.status === "stopped" && experiment.rollout ? notice("info", `Stopped. All traffic of the moment now goes to “${experiment.rollout}”.`) : ""}
      ${experiment.archived ? notice("info", `Archived ${dateTime(experiment.archivedAt)}: read-only, hidden from the journey unless archived experiments are shown.`) : ""}
      ${scheduleNotice(experiment)}
      ${report ? reportSections(experiment, report, segment, sequential, ads, range, weights)
        : reportError ? notice("bad", `The report could not be loaded: ${reportError.message}`)
        : draftSummary(experiment)}
      ${session.can("edit") && experiment.status !== "stopped" && !experiment.archived ? linksPanel(experiment) : ""}
      ${audit instanceof Error ? notice("bad", `The audit log could not be loaded: ${audit.message}`) : auditPanel(audit ?? [])}
    </section>`;
}

function scheduleNotice(experiment) {
  const parts = [];
  if (experiment.startAt) parts.push(`starts ${dateTime(experiment.startAt)}`);
  if (experiment.stopAt) parts.push(`stops ${dateTime(experiment.stopAt)}${experiment.stopRollout ? ` and rolls out “${experiment.stopRollout}”` : ""}`);
  return html`${parts.length ? html`<div class="notice notice-info" role="status" data-schedule>Scheduled: ${parts.join(", ")}.</div>` : ""}
    ${experiment.scheduleError ? notice("bad", `The scheduler could not act: ${experiment.scheduleError}`) : ""}`;
}

/** Reading is for everyone signed in; editing, archiving and the lifecycle only for keys that may edit. */
function actions(experiment, report) {
  const s = experiment.status;
  const csv = html`${report ? html`<button type="button" class="button button-quiet" data-action="csv">Download CSV</button>` : ""}
    ${s !== "stopped" ? html`<a class="button button-quiet" href="${hashFor("install", "", { experiment: experiment.key })}">Install</a>` : ""}`;
  if (experiment.archived) return html`${csv}<span class="badge badge-neutral">Archived</span>`;
  if (!session.can("edit")) return csv;
  return html`
    ${s === "stopped" ? html`<button type="button" class="button button-quiet" data-action="archive">Archive…</button>` : ""}
    ${s !== "stopped" ? html`<a class="button button-quiet" href="${hashFor("edit-experiment", experiment.key)}">Edit</a>` : ""}
    ${csv}
    ${s === "draft" || s === "paused" ? html`<button type="button" class="button button-good" data-action="start">${s === "paused" ? "Resume" : "Start"}</button>` : ""}
    ${s === "running" ? html`<button type="button" class="button button-quiet" data-action="pause">Pause</button>` : ""}
    ${s === "running" || s === "paused" ? html`<button type="button" class="button button-danger" data-action="stop">Stop…</button>` : ""}`;
}

function reportSections(experiment, report, segment, sequential, ads, range, weights) {
  const colour = view.colourMap(report);
  return html`
    ${view.decisionPanel(report.decision, view.planProgress(report), experiment.status, view.dataBehind(report))}
    ${weightsPanel(Array.isArray(weights) ? weights : null, (experiment.variants ?? []).map((v) => v.key), colour, { end: weightsEnd(experiment) })}
    ${changingSplitPanel(report)}
    ${rangePanel(report, range, segment)}
    ${view.methodSentence(report)}
    ${view.warningsPanel(report)}
    <div class="grid-2">${view.variantsPanel(report, experiment)}${view.healthPanel(report)}</div>
    ${(report.metrics ?? []).map((m) => view.metricPanel(m, report, sequential))}
    ${view.timelinePanel(report)}
    ${dailyPanel(report)}
    ${view.funnelPanel(report)}
    <section class="panel" aria-labelledby="segments-title">
      <div class="panel-head"><h2 id="segments-title">Segments</h2><p>Split by an attribute recorded at first exposure, or by the ad that brought the visitor (message match).</p></div>
      <div class="toolbar">
        <div class="field">
          <label for="segment">Segment by</label>
          <select id="segment" name="segment">
            <option value="">No segmentation</option>
            ${(report.segmentAttributes ?? []).map((a) => html`<option value="${a}" ${a === segment ? "selected" : ""}>${a}</option>`)}
            ${ads.length ? html`<optgroup label="Ad experiment (message match)">${ads.map((a) => html`<option value="${a}" ${a === segment ? "selected" : ""}>ad: ${a.slice(3)}</option>`)}</optgroup>` : ""}
          </select>
        </div>
      </div>
      ${messageMatchPanel(report)}
      ${segment ? (report.segments?.length ? view.segmentTables(report) : html`<p class="empty">No units carry the attribute “${segment}”.</p>`) : ""}
    </section>
    ${view.setupPanel(experiment)}`;
}

/** The date range: a descriptive view of the visitors who arrived in it; the decision stays the whole experiment's. */
function rangePanel(report, range, segment) {
  const shown = report.range;
  return html`
    <section class="panel" aria-labelledby="range-title" data-range="${shown ? `${shown.from}..${shown.to}` : ""}">
      <div class="panel-head"><h2 id="range-title" tabindex="-1">Dates</h2><p>${shown ? "" : "The whole experiment."}</p></div>
      <form class="toolbar" id="range-form">
        <div class="field"><label for="range-from">From (UTC day)</label><input type="date" id="range-from" name="from" value="${range.from}"></div>
        <div class="field"><label for="range-to">To (UTC day)</label><input type="date" id="range-to" name="to" value="${range.to}"></div>
        <button type="submit" class="button button-quiet">Show these dates</button>
        ${shown ? html`<button type="button" class="button button-quiet" data-action="whole">Whole experiment</button>` : ""}
      </form>
      ${segment ? html`<p class="help">A date range cannot be split by segment: choosing dates shows them without the segment.</p>` : ""}
      ${shown ? html`<div class="notice notice-info" role="status" data-range-note>Showing ${shown.from} to ${shown.to}: the visitors who first arrived on these days and their conversions up to ${shown.to}. A descriptive view: the decision above is the whole experiment's, and these intervals are not a verdict.</div>` : ""}
    </section>`;
}

function draftSummary(experiment) {
  return html`
    ${notice("info", "This experiment is a draft: it has no visitors and no report yet. Start it when the variants are ready.")}
    ${view.setupPanel(experiment)}
    <section class="panel" aria-labelledby="config-title">
      <h2 id="config-title">Variants</h2>
      <div class="table-wrap"><table>
        <thead><tr><th scope="col">Variant</th><th scope="col">Kind</th><th scope="col" class="num">Weight</th><th scope="col">Payload</th></tr></thead>
        <tbody>${(experiment.variants ?? []).map((v) => html`<tr>
          <th scope="row">${v.key}${v.key === experiment.control ? html`<span class="sub">control</span>` : ""}</th>
          <td>${(v.kind ?? "generic").replace("_", " ")}</td><td class="num">${v.weight}</td>
          <td><code>${JSON.stringify(v.payload ?? {})}</code></td></tr>`)}</tbody>
      </table></div>
    </section>`;
}

function wire(main, experiment, report, ctx, segment) {
  main.querySelector("#segment")?.addEventListener("change", (event) => {
    focusAfterRender = "#segment";
    const segment = event.target.value;
    location.hash = hashFor("experiment", experiment.key, segment ? { segment } : undefined);
  });
  main.querySelector("#links-form")?.addEventListener("submit", (event) => makeLinks(event, main, experiment));
  main.querySelector("#links-out")?.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-copy]");
    if (!button) return;
    try { await navigator.clipboard.writeText(button.dataset.copy); announce("Copied."); button.textContent = "Copied"; }
    catch { getSelection().selectAllChildren(button.closest("li").querySelector("code")); announce("Selected: copy it with your keyboard."); }
  });
  main.querySelector("#range-form")?.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const query = Object.fromEntries(["from", "to"].map((k) => [k, data.get(k)]).filter(([, v]) => v));
    focusAfterRender = "#range-title";
    location.hash = hashFor("experiment", experiment.key, query);
  });
  main.querySelector("[data-action=whole]")?.addEventListener("click", () => {
    location.hash = hashFor("experiment", experiment.key);
  });
  main.querySelector("[data-action=csv]")?.addEventListener("click", async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      // the CSV follows what the page shows: its dates, or its segment (never both)
      const shown = report?.range ?? (segment ? { segment } : {});
      saveBlob(await api.reportCsv(experiment.key, shown), `${experiment.key}-report.csv`);
      announce("The CSV report is downloading.");
    } catch (error) {
      button.insertAdjacentHTML("afterend", String(notice("bad", error.message)));
    } finally {
      button.disabled = false;
    }
  });
  for (const action of ["start", "pause", "stop", "archive"]) {
    main.querySelector(`[data-action=${action}]`)?.addEventListener("click", () => lifecycle(experiment, action, ctx, report?.decision?.winner));
  }
}

/** Asks the server to sign a link per variant, then shows each variant's URL. */
async function makeLinks(event, main, experiment) {
  event.preventDefault();
  const form = event.currentTarget;
  const kind = event.submitter?.value ?? "force";
  const input = form.querySelector("#links-page");
  const error = form.querySelector("#links-error");
  const page = pageUrl(input.value);
  input.setAttribute("aria-invalid", String(!page));
  error.textContent = page ? "" : "Enter the page's full address, starting with https://.";
  if (!page) { input.focus(); return; }
  const out = main.querySelector("#links-out");
  try {
    const links = [];
    for (const v of experiment.variants ?? []) links.push(await api.createLink(experiment.key, { kind, variant: v.key }));
    out.querySelector(`[data-links-kind="${kind}"]`)?.remove();
    out.insertAdjacentHTML("beforeend", String(linksTable(kind, page, links)));
    out.querySelector(`[data-links-kind="${kind}"] [data-copy]`)?.focus();
  } catch (failure) {
    if (failure.status === 401) return;
    error.textContent = failure.message;
  }
}

const COPY = {
  start: { title: "Start this experiment?", confirm: "Start", tone: "good",
    body: "Visitors will be assigned to the variants from now on, and exposures will be logged." },
  pause: { title: "Pause this experiment?", confirm: "Pause", tone: "primary",
    body: "New visitors will see the default experience until you resume; visitors already counted stay in the results." },
  stop: { title: "Stop this experiment?", confirm: "Stop experiment", tone: "danger",
    body: "Stopping is final: the experiment cannot be started again." },
  archive: { title: "Archive this experiment?", confirm: "Archive", tone: "primary",
    body: "It becomes read-only and leaves the journey (a toggle there shows archived experiments). Its report and any rollout stay." },
};

async function lifecycle(experiment, action, ctx, winner) {
  const copy = COPY[action];
  const rollout = action === "stop" ? html`
    <div class="field">
      <label for="rollout">Send all traffic of the moment to</label>
      <select id="rollout" name="rollout">
        <option value="">Nobody: end the experiment, no rollout</option>
        ${(experiment.variants ?? []).map((v) => html`<option value="${v.key}" ${v.key === winner ? "selected" : ""}>${v.key}${v.key === experiment.control ? " (control)" : ""}${v.key === winner ? " (winner)" : ""}</option>`)}
      </select>
      <p class="help">A rollout shows one variant to everyone in the experiment's traffic from now on, without logging exposures.</p>
    </div>` : "";
  const data = await confirmDialog({ title: copy.title, body: html`<p>${copy.body}</p>${rollout}`, confirmLabel: copy.confirm, tone: copy.tone });
  if (!data) return;
  const body = action === "stop" && data.get("rollout") ? { rollout: data.get("rollout") } : {};
  try {
    await api.lifecycle(experiment.key, action, body);
    const done = { start: "started", pause: "paused", stop: "stopped", archive: "archived" }[action];
    ctx.setFlash("good", `The experiment is ${done}${body.rollout ? `; “${body.rollout}” is rolled out` : ""}.`);
  } catch (error) {
    ctx.setFlash("bad", `Could not ${action} the experiment: ${error.message}`);
  }
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}
