// Holdouts: a share of visitors kept out of every experiment on some moments, to measure what the shipped
// winners did together. The list (create, end) at #/holdouts and one holdout's report at #/holdouts/{key}.
import { html } from "../html.js";
import { api, listOf } from "../api.js";
import { field, readValues, clearErrors, showErrors } from "../form-ui.js";
import { confirmDialog, loading, notice, badge } from "../ui.js";
import { hashFor } from "../router.js";
import { thousands, percent, signedPercent, interval, pValue, MISSING } from "../format.js";

/** The running holdouts that cover a moment (no `moments`: every moment). */
export function holdoutsOf(momentKey, holdouts) {
  return (holdouts ?? []).filter((h) => h.status === "running" && (h.moments == null || h.moments.includes(momentKey)));
}

/** "5% of visitors · fmot.landing-hero, zmot.search-ad" or "… · every moment". */
export function coverage(holdout) {
  const where = holdout.moments == null ? "every moment" : holdout.moments.join(", ");
  return `${holdout.percent}% of visitors · ${where}`;
}

/** One row per metric: each side's rate and exposed against holdout (lift, its interval, p-value). */
export function reportRows(report) {
  return (report?.metrics ?? []).map((m) => {
    const side = (key) => m.variants?.find((v) => v.key === key);
    const c = m.comparisons?.[0] ?? {};
    return {
      metric: m.metric,
      holdout: percent(side("holdout")?.mean),
      exposed: percent(side("exposed")?.mean),
      lift: c.error ? MISSING : signedPercent(c.relativeLift),
      ci: c.error ? MISSING : interval(c.ci),
      p: c.error ? MISSING : pValue(c.pValue),
      note: c.error ?? "",
    };
  });
}

export async function render(main, ctx) {
  return ctx.route.name === "holdout" ? renderReport(main, ctx, ctx.route.params[0]) : renderList(main, ctx);
}

async function renderList(main, ctx) {
  main.innerHTML = String(html`<section class="page"><h1>Holdouts</h1>${loading("holdouts")}</section>`);
  let holdouts, moments;
  try {
    [holdouts, moments] = await Promise.all([api.holdouts(), api.moments()]);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    main.innerHTML = String(html`<section class="page"><h1>Holdouts</h1>${notice("bad", error.status === 403 ? "Only admins manage holdouts." : error.message)}</section>`);
    return;
  }
  if (!ctx.isCurrent()) return;
  holdouts = listOf(holdouts, "holdouts");
  moments = listOf(moments, "moments");
  main.innerHTML = String(html`
    <section class="page page-form">
      ${ctx.flash ? notice(ctx.flash.tone, ctx.flash.message) : ""}
      <div>
        <p class="eyebrow">Journey</p>
        <h1>Holdouts</h1>
        <p class="lede">A holdout keeps a few percent of visitors out of every experiment on its moments; its report compares them with everyone else: the cumulative effect of the winners you shipped there.</p>
      </div>
      ${newHoldoutForm(moments)}
      ${holdouts.length === 0 ? html`<p class="empty">No holdouts yet.</p>` : html`<ul class="holdout-list">${holdouts.map(holdoutRow)}</ul>`}
    </section>`);
  wire(main, ctx);
}

function newHoldoutForm(moments) {
  return html`
    <form id="holdout-form" class="form panel" novalidate aria-labelledby="new-holdout-title">
      <h2 id="new-holdout-title">New holdout</h2>
      <div class="form-summary" aria-live="assertive"></div>
      <div class="field-row">
        ${field({ name: "key", label: "Key", help: "lowercase, e.g. q1-holdout; never an experiment's key", attrs: { autocomplete: "off", spellcheck: "false" } })}
        ${field({ name: "name", label: "Name" })}
        ${field({ name: "percent", label: "Held out (%)", type: "number", value: "5", help: "more than 0, at most 50, 0.01 steps", attrs: { step: "0.01", min: "0.01", max: "50" } })}
      </div>
      ${field({ name: "metrics", label: "Metrics", help: "comma-separated conversion metrics its report compares, e.g. signup, first_purchase", wide: true })}
      <fieldset class="field" data-for="moments">
        <legend>Moments (none ticked: every moment)</legend>
        ${moments.map((m) => field({ name: `moment:${m.key}`, label: `${m.name || m.key} (${m.key})`, type: "checkbox", value: false }))}
        <p class="field-error" id="f-moments-error" data-group="moments" tabindex="-1"></p>
      </fieldset>
      <div class="form-actions"><button type="submit" class="button button-primary">Create holdout</button></div>
    </form>`;
}

function holdoutRow(h) {
  return html`
    <li class="panel holdout" data-holdout="${h.key}">
      <div class="panel-head">
        <h2><a href="${hashFor("holdout", h.key)}">${h.name || h.key}</a> <code>${h.key}</code></h2>
        ${badge({ label: h.status === "running" ? "Running" : "Ended", tone: h.status === "running" ? "good" : "neutral" })}
        ${h.status === "running" ? html`<button type="button" class="button button-danger" data-end="${h.key}">End</button>` : ""}
      </div>
      <p class="help">${coverage(h)}${h.metrics.length ? ` · metrics ${h.metrics.join(", ")}` : ""}</p>
    </li>`;
}

function wire(main, ctx) {
  const form = main.querySelector("#holdout-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = readValues(form);
    const moments = Object.keys(v).filter((k) => k.startsWith("moment:") && v[k]).map((k) => k.slice("moment:".length));
    const body = { key: v.key.trim(), name: v.name.trim() || v.key.trim(), percent: Number(v.percent) };
    if (moments.length) body.moments = moments;
    const metrics = v.metrics.split(",").map((s) => s.trim()).filter(Boolean);
    if (metrics.length) body.metrics = metrics;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await api.createHoldout(body);
      ctx.setFlash("good", `Holdout ${body.key} is running.`);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (error) {
      if (error.status !== 401) showErrors(form, [{ field: error.field, message: error.message }]);
    } finally {
      button.disabled = false;
    }
  });
  for (const button of main.querySelectorAll("[data-end]")) {
    button.addEventListener("click", async () => {
      const ok = await confirmDialog({ title: `End holdout ${button.dataset.end}?`, body: html`<p>Its visitors return to the experiments. Its report stays readable.</p>`, confirmLabel: "End holdout", tone: "danger" });
      if (!ok) return;
      try {
        await api.endHoldout(button.dataset.end);
        ctx.setFlash("good", `Holdout ${button.dataset.end} ended.`);
      } catch (error) {
        ctx.setFlash("bad", `Could not end the holdout: ${error.message}`);
      }
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
  }
}

async function renderReport(main, ctx, key) {
  main.innerHTML = String(html`<section class="page"><h1>Holdout ${key}</h1>${loading("the report")}</section>`);
  let report;
  try {
    report = await api.holdoutReport(key, ctx.route.query.metrics);
  } catch (error) {
    if (!ctx.isCurrent()) return;
    main.innerHTML = String(html`<section class="page"><h1>Holdout ${key}</h1>${notice("bad", error.message)}<p><a href="#/holdouts">All holdouts</a></p></section>`);
    return;
  }
  if (!ctx.isCurrent()) return;
  const h = report.holdout;
  const units = (side) => report.variants.find((v) => v.key === side)?.units ?? 0;
  main.innerHTML = String(html`
    <section class="page page-wide" data-holdout-report="${h.key}">
      <p class="eyebrow"><a href="#/holdouts">Holdouts</a></p>
      <h1>${h.name || h.key}</h1>
      <p class="lede">${coverage(h)} · ${h.status === "running" ? "running" : "ended"}. Exposed against held out: what the experiments shipped on these moments did together.</p>
      <p data-units>${thousands(units("holdout"))} held out · ${thousands(units("exposed"))} exposed</p>
      ${report.srm.ok ? notice("info", `The split matches ${h.percent}% (sample ratio p = ${pValue(report.srm.pValue)}).`)
        : notice("bad", `The split does not match ${h.percent}% (sample ratio p = ${pValue(report.srm.pValue)}): check how the holdout exposures are logged before trusting these figures.`)}
      <table class="table" aria-label="Holdout metrics">
        <thead><tr><th>Metric</th><th>Held out</th><th>Exposed</th><th>Lift</th><th>95% interval</th><th>p-value</th></tr></thead>
        <tbody>${reportRows(report).map((r) => html`<tr data-metric="${r.metric}"><td>${r.metric}</td><td>${r.holdout}</td><td>${r.exposed}</td><td>${r.lift}</td><td>${r.ci}</td><td>${r.p}${r.note ? html` <span class="help">${r.note}</span>` : ""}</td></tr>`)}</tbody>
      </table>
    </section>`);
}
