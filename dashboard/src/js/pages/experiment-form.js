// Create and edit an experiment: variants with kind and JSON payload, traffic, metrics, targeting
// and statistical settings. Validation is the API's; its errors appear next to the field they name.
import { html } from "../html.js";
import { api, listOf } from "../api.js";
import { VARIANT_KINDS, METRIC_TYPES, CORRECTIONS, METHODS, SPENDINGS, VARIANCE_REDUCTIONS, stageOf } from "../domain.js";
import { savedFlash, experimentBody, experimentValues, removeIndex, countOf } from "../form-model.js";
import { field, groupError, readValues, clearErrors, showErrors } from "../form-ui.js";
import { loading, notice } from "../ui.js";
import { hashFor } from "../router.js";
import { mountTargetingBuilder } from "../targeting-builder.js";

const NEW_VALUES = {
  trafficPercent: "100", control: "control",
  "variants[0].key": "control", "variants[0].weight": "50", "variants[0].kind": "landing_page", "variants[0].payload": "{}",
  "variants[1].key": "", "variants[1].weight": "50", "variants[1].kind": "landing_page", "variants[1].payload": "{}",
  "primaryMetric.key": "", "primaryMetric.type": "binomial",
  "allocation.type": "fixed", "allocation.updateEvery": "PT1H", "allocation.minShare": "0.05", "allocation.burnInUnits": "1000",
  "stats.alpha": "0.05", "stats.power": "0.8", "stats.mde": "0.1", "stats.method": "group_sequential", "stats.spending": "obrien_fleming", "stats.correction": "holm", "stats.varianceReduction": "cuped", "stats.lookbackDays": "14",
};

export async function render(main, ctx) {
  const editing = ctx.route.name === "edit-experiment";
  const key = editing ? ctx.route.params[0] : null;
  main.innerHTML = String(html`<section class="page"><h1>${editing ? "Edit experiment" : "New experiment"}</h1>${loading("the form")}</section>`);
  let moments, seen, experiment = null;
  try {
    [moments, experiment, seen] = await Promise.all([api.moments().then((m) => listOf(m, "moments")), editing ? api.experiment(key) : null,
      api.metricsSeen().then((s) => listOf(s, "metrics")).catch(() => [])]);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    main.innerHTML = String(html`<section class="page"><h1>${editing ? "Edit experiment" : "New experiment"}</h1>${notice("bad", error.message)}</section>`);
    return;
  }
  if (!ctx.isCurrent()) return;
  if (!editing && !moments.length) {
    main.innerHTML = String(html`<section class="page"><h1>New experiment</h1>${notice("info", "An experiment lives on a moment. Create the moment first.")}<p><a class="button button-primary" href="#/new/moment">New moment</a></p></section>`);
    return;
  }
  const values = editing ? experimentValues(experiment) : { ...NEW_VALUES, moment: ctx.route.query.moment ?? moments[0].key };
  const state = { ctx, editing, experiment, moments, seen, draft: !editing || experiment.status === "draft" };
  draw(main, state, values, null, ctx.flash);
}

function draw(main, state, values, focus, flash) {
  const { editing, experiment, moments, draft } = state;
  main.innerHTML = String(html`
    <section class="page page-form">
      ${flash ? notice(flash.tone, flash.message) : ""}
      <div>
        <p class="eyebrow">${editing ? html`<a href="${hashFor("experiment", experiment.key)}">${experiment.name || experiment.key}</a>` : "Experiments"}</p>
        <h1>${editing ? "Edit experiment" : "New experiment"}</h1>
        <p class="lede">${editing && !draft ? "The experiment has started: its variants and weights are fixed; traffic, metrics, targeting and statistics can still change." : "A control and one or more variants on one moment of the journey."}</p>
      </div>
      <form id="experiment-form" class="form" novalidate>
        <div class="form-summary" aria-live="assertive"></div>
        ${basics(values, moments, editing)}
        ${variants(values, draft)}
        ${allocation(values, draft)}
        ${traffic(values)}
        ${schedule(values, draft)}
        ${metrics(values, state)}
        ${statistics(values)}
        <div class="form-actions">
          <a class="button button-quiet" href="${editing ? hashFor("experiment", experiment.key) : "#/journey"}">Cancel</a>
          <button type="submit" class="button button-primary">${editing ? "Save changes" : "Create experiment"}</button>
        </div>
      </form>
    </section>`);
  const form = main.querySelector("form");
  wire(main, form, state);
  if (focus) form.querySelector(`[data-field="${CSS.escape(focus)}"]`)?.focus();
}

function basics(values, moments, editing) {
  const momentOptions = moments.map((m) => [m.key, `${stageOf(m.stage)?.key ?? m.stage} · ${m.name || m.key}`]);
  return html`<fieldset class="panel form-section"><legend class="visually-hidden">Basics</legend><h2>Basics</h2>
    <div class="field-row">
      ${field({ name: "moment", label: "Moment", value: values.moment, options: momentOptions, disabled: editing })}
      ${field({ name: "key", label: "Key", value: values.key ?? "", disabled: editing, help: "Lower case, digits, . _ - ; e.g. hero-2026-11", attrs: { autocomplete: "off", spellcheck: "false" } })}
    </div>
    ${field({ name: "name", label: "Name", value: values.name ?? "", attrs: { autocomplete: "off" } })}
    ${field({ name: "hypothesis", label: "Hypothesis", type: "textarea", rows: 2, value: values.hypothesis ?? "", help: "What you expect to change, and why." })}
  </fieldset>`;
}

function variants(values, draft) {
  const n = Math.max(2, countOf(values, "variants"));
  const keys = Array.from({ length: n }, (_, i) => values[`variants[${i}].key`] ?? "");
  return html`<fieldset class="panel form-section" id="variants-section"><legend class="visually-hidden">Variants</legend>
    <div class="panel-head"><h2>Variants</h2><p>Weights are relative: 50/50 and 1/1 split alike.</p></div>
    ${groupError("variants")}
    <div class="repeat">${keys.map((_, i) => html`
      <div class="repeat-item" data-index="${i}">
        <div class="repeat-head"><span class="label">Variant ${i + 1}</span>
          ${draft && n > 2 ? html`<button type="button" class="button button-quiet button-small" data-remove="variants" data-index="${i}" aria-label="Remove variant ${i + 1}">Remove</button>` : ""}</div>
        <div class="variant-grid">
          ${field({ name: `variants[${i}].key`, label: "Key", value: values[`variants[${i}].key`] ?? "", disabled: !draft, attrs: { autocomplete: "off", spellcheck: "false" } })}
          ${field({ name: `variants[${i}].kind`, label: "Kind", value: values[`variants[${i}].kind`] ?? "generic", options: VARIANT_KINDS.map((k) => [k, k.replace("_", " ")]), disabled: !draft })}
          ${field({ name: `variants[${i}].weight`, label: "Weight", type: "number", value: values[`variants[${i}].weight`] ?? "", disabled: !draft, attrs: { step: "any", inputmode: "decimal" } })}
        </div>
        ${field({ name: `variants[${i}].payload`, label: "Payload (JSON)", type: "textarea", rows: 2, value: values[`variants[${i}].payload`] ?? "{}", disabled: !draft, help: "What the page or service renders, e.g. {\"layout\":\"bold\"}." })}
      </div>`)}</div>
    <div class="toolbar">
      ${draft ? html`<button type="button" class="button button-quiet" data-add="variants">+ Add variant</button>` : ""}
      ${field({ name: "control", label: "Control variant", value: values.control, options: keys.map((k, i) => [k, k || `Variant ${i + 1}`]), disabled: !draft })}
    </div>
  </fieldset>`;
}

/** Fixed weights, or a bandit that moves traffic to the arm most probably best (drafts only). */
function allocation(values, draft) {
  const bandit = values["allocation.type"] === "bandit";
  return html`<fieldset class="panel form-section" data-section="allocation"><legend class="visually-hidden">Allocation</legend>
    <div class="panel-head"><h2>Allocation</h2><p>A bandit moves traffic to the variant most probably best on the primary metric: good for creatives and short offers, not for a decision you must defend. Fixed once started.</p></div>
    <div class="field-row">
      ${field({ name: "allocation.type", label: "Split", value: values["allocation.type"] ?? "fixed", disabled: !draft, options: [["fixed", "Fixed weights"], ["bandit", "Bandit (Thompson sampling)"]] })}
      ${bandit ? html`
      ${field({ name: "allocation.updateEvery", label: "Update every", value: values["allocation.updateEvery"] ?? "PT1H", disabled: !draft, help: "ISO-8601, at least PT1M: PT1H, P1D.", attrs: { autocomplete: "off", spellcheck: "false" } })}
      ${field({ name: "allocation.minShare", label: "Least share per variant", type: "number", value: values["allocation.minShare"] ?? "0.05", disabled: !draft, help: "0.05 = 5%; times the variants at most 1.", attrs: { step: "any", inputmode: "decimal" } })}
      ${field({ name: "allocation.burnInUnits", label: "Burn-in (units)", type: "number", value: values["allocation.burnInUnits"] ?? "1000", disabled: !draft, help: "Units split equally before the first update.", attrs: { step: "1", min: "0", inputmode: "numeric" } })}` : ""}
    </div>
  </fieldset>`;
}

function traffic(values) {
  return html`<fieldset class="panel form-section"><legend class="visually-hidden">Traffic and targeting</legend><h2>Traffic and targeting</h2>
    <div class="field-row">
      ${field({ name: "trafficPercent", label: "Traffic (%)", type: "number", value: values.trafficPercent ?? "100", help: "Share of the moment's visitors in the experiment.", attrs: { step: "any", inputmode: "decimal" } })}
    </div>
    <div class="builder" id="targeting-builder" role="group" aria-label="Targeting conditions"></div>
    ${field({ name: "targeting", label: "Targeting (JSON, optional)", type: "textarea", rows: 4, value: values.targeting ?? "",
      help: "Written by the conditions above, or by hand, e.g. {\"all\":[{\"attribute\":\"device\",\"op\":\"in\",\"values\":[\"mobile\"]}]}; any attribute your pages send may be used here." })}
  </fieldset>`;
}

const DIRECTIONS = [["increase", "Higher is better"], ["decrease", "Lower is better"]];
const KEY_ATTRS = { autocomplete: "off", spellcheck: "false", list: "metrics-seen" };

/** Type, direction and unit of the metric at `prefix`; its cap and name ride along unchanged. */
function metricDetails(values, prefix) {
  return html`
      ${field({ name: `${prefix}.type`, label: "Type", value: values[`${prefix}.type`] ?? "binomial", options: METRIC_TYPES })}
      ${field({ name: `${prefix}.direction`, label: "Better when", value: values[`${prefix}.direction`] ?? "increase", options: DIRECTIONS })}
      ${field({ name: `${prefix}.unit`, label: "Unit", value: values[`${prefix}.unit`] ?? "", attrs: { autocomplete: "off", placeholder: "s, €" } })}
      ${field({ name: `${prefix}.numerator`, label: "Numerator (ratio)", value: values[`${prefix}.numerator`] ?? "", help: "Ratio: the event summed above the line, e.g. revenue.", attrs: KEY_ATTRS })}
      ${field({ name: `${prefix}.denominator`, label: "Denominator (ratio)", value: values[`${prefix}.denominator`] ?? "", help: "Ratio: the event summed below the line, e.g. order.", attrs: KEY_ATTRS })}
      ${field({ name: `${prefix}.window.start`, label: "Window from", value: values[`${prefix}.window.start`] ?? "", help: "After first exposure, ISO-8601: PT0S, P1D.", attrs: { autocomplete: "off", placeholder: "PT0S" } })}
      ${field({ name: `${prefix}.window.end`, label: "Window to", value: values[`${prefix}.window.end`] ?? "", help: "Optional; required for retention: P7D. Units count once it has closed.", attrs: { autocomplete: "off", placeholder: "P7D" } })}
      <input type="hidden" data-field="${prefix}.cap" value="${values[`${prefix}.cap`] ?? ""}">
      <input type="hidden" data-field="${prefix}.name" value="${values[`${prefix}.name`] ?? ""}">`;
}

/** Metric keys events used in the last 7 days, offered as suggestions (a typo shows up here). */
const seenList = (seen) => html`<datalist id="metrics-seen">${seen.map((m) => html`<option value="${m.metric}">${m.declaredBy?.length ? `${m.conversions} conversions` : `${m.conversions} conversions, declared by no experiment`}</option>`)}</datalist>`;

/** Scheduled start (a draft's) and stop, in the browser's local time; the server keeps UTC. */
function schedule(values, draft) {
  return html`<fieldset class="panel form-section" data-section="schedule"><legend class="visually-hidden">Schedule</legend><h2>Schedule (optional)</h2>
    <div class="field-row">
      ${field({ name: "startAt", label: "Start at", type: "datetime-local", value: values.startAt ?? "", disabled: !draft, help: draft ? "The scheduler starts the draft then." : "The experiment has started." })}
      ${field({ name: "stopAt", label: "Stop at", type: "datetime-local", value: values.stopAt ?? "", help: "The scheduler stops it then." })}
      ${field({ name: "rollout", label: "Roll out at the stop (variant key)", value: values.rollout ?? "", help: "Empty: stop without a rollout.", attrs: { autocomplete: "off", spellcheck: "false" } })}
    </div>
  </fieldset>`;
}

function metricRows(values, group, label) {
  const n = countOf(values, group);
  return html`<div class="form-section" id="${group}-section">
    <div class="panel-head"><h3>${label}</h3></div>
    ${groupError(group)}
    ${Array.from({ length: n }, (_, i) => html`<div class="metric-line repeat-item" data-index="${i}">
      ${field({ name: `${group}[${i}].key`, label: `Metric ${i + 1}`, value: values[`${group}[${i}].key`] ?? "", attrs: KEY_ATTRS })}
      ${metricDetails(values, `${group}[${i}]`)}
      <button type="button" class="button button-quiet button-small" data-remove="${group}" data-index="${i}" aria-label="Remove ${label.toLowerCase()} ${i + 1}">Remove</button>
    </div>`)}
    <div><button type="button" class="button button-quiet button-small" data-add="${group}">+ Add ${label.toLowerCase().replace(/s$/, "")}</button></div>
  </div>`;
}

function metrics(values, state) {
  const fmot = !state.editing && stageOf(state.moments.find((m) => m.key === values.moment)?.stage)?.key === "FMOT";
  return html`<fieldset class="panel form-section"><legend class="visually-hidden">Metrics</legend>
    <div class="panel-head"><h2>Metrics</h2><p>Binomial: did the unit convert at all. Mean: the sum of event values per unit. Guardrails are usually better lower (refunds, bounces).</p></div>
    ${seenList(state.seen)}
    <div class="metric-line">
      ${field({ name: "primaryMetric.key", label: "Primary metric", value: values["primaryMetric.key"] ?? "", help: "The one metric that decides, e.g. signup.", attrs: KEY_ATTRS })}
      ${metricDetails(values, "primaryMetric")}
    </div>
    ${metricRows(values, "secondaryMetrics", "Secondary metrics")}
    ${metricRows(values, "guardrailMetrics", "Guardrail metrics")}
    ${fmot ? field({ name: "preset", label: "Add the first-moment metrics: engaged, time on page (s, capped at 30 min) and bounce (guardrail, lower is better)", type: "checkbox", value: values.preset ?? true }) : ""}
    ${field({ name: "funnel", label: "Funnel (optional)", value: values.funnel ?? "", disabled: !state.draft, wide: true,
      help: state.draft ? "Metric keys in order, e.g. engaged, signup, first_purchase: each step counts units that reached it and every step before. Fixed once the experiment starts." : "Fixed once the experiment has started.",
      attrs: { autocomplete: "off", spellcheck: "false" } })}
  </fieldset>`;
}

function statistics(values) {
  const params = { baseline: values["stats.baseline"] ?? "", stddev: values["stats.stddev"] ?? "", mde: values["stats.mde"] ?? "", alpha: values["stats.alpha"] ?? "", power: values["stats.power"] ?? "", variants: String(Math.max(2, countOf(values, "variants"))) };
  return html`<fieldset class="panel form-section"><legend class="visually-hidden">Statistics</legend>
    <div class="panel-head"><h2>Statistics</h2><p><a href="${hashFor("power", null, params)}" target="_blank" rel="noopener">Estimate the sample size</a> with the power calculator.</p></div>
    <div class="field-row">
      ${field({ name: "stats.alpha", label: "Significance level (alpha)", type: "number", value: values["stats.alpha"], attrs: { step: "any", inputmode: "decimal" } })}
      ${field({ name: "stats.power", label: "Power", type: "number", value: values["stats.power"], attrs: { step: "any", inputmode: "decimal" } })}
      ${field({ name: "stats.mde", label: "Smallest lift worth detecting (relative)", type: "number", value: values["stats.mde"], help: "0.1 = +10%", attrs: { step: "any", inputmode: "decimal" } })}
      ${field({ name: "stats.correction", label: "Multiple-comparison correction", value: values["stats.correction"], options: CORRECTIONS.map((c) => [c, { holm: "Holm", bh: "Benjamini–Hochberg", none: "None" }[c]]) })}
    </div>
    <div class="field-row">
      ${field({ name: "stats.baseline", label: "Expected baseline (optional)", type: "number", value: values["stats.baseline"] ?? "", help: "Control's expected rate (0.023) or mean; fixes the planned sample instead of following the observed control.", attrs: { step: "any", inputmode: "decimal" } })}
      ${field({ name: "stats.stddev", label: "Expected standard deviation (mean metrics)", type: "number", value: values["stats.stddev"] ?? "", help: "Per unit; with a baseline for a mean primary metric.", attrs: { step: "any", inputmode: "decimal" } })}
    </div>
    <div class="field-row">
      ${field({ name: "stats.method", label: "Test method", value: values["stats.method"], help: "Group-sequential: one look a day, stops as soon as the data decide, ends at the planned sample. Always-valid: open-ended monitoring, slower. Fixed: read once at the planned sample.", options: METHODS.map((m) => [m, { group_sequential: "Group-sequential (daily looks)", always_valid: "Always-valid (open-ended)", fixed: "Fixed horizon (read once)" }[m]]) })}
      ${field({ name: "stats.spending", label: "Alpha spending (group-sequential)", value: values["stats.spending"], help: "O'Brien–Fleming keeps early stops for big effects; Pocock stops earlier more often but needs a larger plan.", options: SPENDINGS.map((s) => [s, { obrien_fleming: "O'Brien–Fleming", pocock: "Pocock" }[s]]) })}
    </div>
    <div class="field-row">
      ${field({ name: "stats.varianceReduction", label: "Variance reduction", value: values["stats.varianceReduction"], help: "CUPED adjusts each comparison by what a unit did before its first exposure and its context (device, channel, intent, returning): the same traffic decides sooner. Fixed once the experiment starts.", options: VARIANCE_REDUCTIONS.map((v) => [v, { cuped: "CUPED with context", none: "None" }[v]]) })}
      ${field({ name: "stats.lookbackDays", label: "Lookback (days before first exposure)", type: "number", value: values["stats.lookbackDays"], help: "1 to 90; the days whose metric total is the pre-period covariate.", attrs: { min: "1", max: "90", step: "1", inputmode: "numeric" } })}
    </div>
  </fieldset>`;
}

function wire(main, form, state) {
  mountTargetingBuilder(form.querySelector("#targeting-builder"), form.querySelector('[data-field="targeting"]'));
  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    const remove = event.target.closest("[data-remove]");
    if (!add && !remove) return;
    const values = readValues(form);
    if (add) {
      const group = add.dataset.add;
      const i = countOf(values, group);
      const defaults = group === "variants" ? { key: "", weight: "50", kind: values["variants[0].kind"] ?? "generic", payload: "{}" }
        : { key: "", type: "binomial", direction: group === "guardrailMetrics" ? "decrease" : "increase" };
      for (const [k, v] of Object.entries(defaults)) values[`${group}[${i}].${k}`] = v;
      draw(main, state, values, `${group}[${i}].key`);
    } else {
      const group = remove.dataset.remove;
      const next = removeIndex(values, group, Number(remove.dataset.index));
      draw(main, state, next);
      main.querySelector(`[data-add="${group}"]`)?.focus();
    }
  });
  // the FMOT preset is offered for FMOT moments only
  form.addEventListener("change", (event) => {
    const name = event.target.dataset.field;
    if (name === "moment" || name === "allocation.type") draw(main, state, readValues(form), name);
  });
  // the control select follows the variant keys as they are typed
  form.addEventListener("input", (event) => {
    if (!/^variants\[\d+\]\.key$/.test(event.target.dataset.field ?? "")) return;
    const select = form.querySelector('[data-field="control"]');
    const keys = [...form.querySelectorAll("[data-field$='].key']")].filter((el) => el.dataset.field.startsWith("variants["));
    const chosen = select.selectedIndex;
    select.innerHTML = String(html`${keys.map((el, i) => html`<option value="${el.value}">${el.value || `Variant ${i + 1}`}</option>`)}`);
    select.selectedIndex = Math.max(0, chosen);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const { body, errors } = experimentBody(readValues(form), { mode: state.editing ? "edit" : "create", draft: state.draft, initial: state.editing ? experimentValues(state.experiment) : {} });
    if (errors.length) { showErrors(form, errors); return; }
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const saved = state.editing ? await api.updateExperiment(state.experiment.key, body) : await api.createExperiment(body);
      const key = saved?.key ?? body.key ?? state.experiment.key;
      const done = state.editing ? "Changes saved." : "Experiment created as a draft. Start it when you are ready.";
      state.ctx.setFlash(...savedFlash(done, saved?.warnings));
      location.hash = hashFor("experiment", key);
    } catch (error) {
      if (error.status === 401) return;
      showErrors(form, [{ field: error.field, message: error.message }]);
    } finally {
      button.disabled = false;
    }
  });
}
