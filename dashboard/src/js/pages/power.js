// Power calculator: units per variant for a baseline rate and the smallest relative lift worth detecting.
import { html } from "../html.js";
import { api } from "../api.js";
import { field, readValues, clearErrors, showErrors } from "../form-ui.js";
import { thousands, percent, days, rawValue, count, noun } from "../format.js";

export async function render(main, ctx) {
  const q = ctx.route.query;
  main.innerHTML = String(html`
    <section class="page page-form">
      <div>
        <p class="eyebrow">Planning</p>
        <h1>Power calculator</h1>
        <p class="lede">How many visitors each variant needs before a lift of the size you care about can be told from noise.</p>
      </div>
      <form id="power-form" class="form panel" novalidate>
        <div class="form-summary" aria-live="assertive"></div>
        <div class="field-row">
          ${field({ name: "baseline", label: "Baseline (rate or mean)", type: "number", value: q.baseline ?? "0.023", help: "Control's conversion rate as a fraction (0.023 = 2.3%), or its mean for a mean metric.", attrs: { step: "any", inputmode: "decimal" } })}
          ${field({ name: "mde", label: "Smallest lift worth detecting", type: "number", value: q.mde ?? "0.25", help: "Relative: 0.25 = +25% (2.3% → 2.875%).", attrs: { step: "any", inputmode: "decimal" } })}
        </div>
        <div class="field-row">
          ${field({ name: "alpha", label: "Significance level (alpha)", type: "number", value: q.alpha ?? "0.05", attrs: { step: "any", inputmode: "decimal" } })}
          ${field({ name: "power", label: "Power", type: "number", value: q.power ?? "0.8", attrs: { step: "any", inputmode: "decimal" } })}
          ${field({ name: "variants", label: "Variants (incl. control)", type: "number", value: q.variants ?? "2", attrs: { step: "1", min: "2", inputmode: "numeric" } })}
        </div>
        <div class="field-row">
          ${field({ name: "stddev", label: "Standard deviation (mean metrics only)", type: "number", value: q.stddev ?? "", help: "Leave empty for a conversion rate.", attrs: { step: "any", inputmode: "decimal" } })}
          ${field({ name: "daily", label: "Visitors per day (optional)", type: "number", value: q.daily ?? "", help: "To estimate how long the test runs.", attrs: { step: "1", inputmode: "numeric" } })}
        </div>
        <div class="form-actions"><button type="submit" class="button button-primary">Calculate</button></div>
      </form>
      <section class="panel" id="power-result" aria-live="polite" aria-labelledby="power-result-title">
        <h2 id="power-result-title">Sample size</h2>
        <p class="empty">Enter the figures above and calculate.</p>
      </section>
    </section>`);
  const form = main.querySelector("form");
  const result = main.querySelector("#power-result");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = readValues(form);
    const params = Object.fromEntries(["baseline", "mde", "alpha", "power", "variants", "stddev"].filter((k) => v[k] !== "").map((k) => [k, v[k]]));
    try {
      const answer = await api.power(params);
      result.innerHTML = String(resultMarkup(answer, v));
    } catch (error) {
      if (error.status !== 401) showErrors(form, [{ field: error.field, message: error.message }]);
    }
  });
  if (q.baseline && q.mde) form.requestSubmit();
}

export function resultMarkup(answer, v) {
  const per = answer.unitsPerVariant;
  const arms = Number(v.variants) || 2;
  const total = answer.totalUnits ?? (Number.isFinite(per) ? per * arms : undefined);
  const daily = Number(v.daily);
  const baseline = Number(v.baseline);
  const target = baseline * (1 + Number(v.mde));
  const tile = (label, value, text, attr) => html`<div class="stat"><span class="stat-value" data-value="${rawValue(value)}" ${attr ? html`data-field-result="${attr}"` : ""}>${text}</span><span class="stat-label">${label}</span></div>`;
  return html`
    <h2 id="power-result-title">Sample size</h2>
    <div class="result">
      ${tile(noun(per, "unit per variant", "units per variant"), per, thousands(per), "unitsPerVariant")}
      ${tile(`${noun(total, "unit")} in total (${arms} variants)`, total, thousands(total), "totalUnits")}
      ${daily > 0 && Number.isFinite(total) ? tile(`at ${count(daily, "visitor")} a day`, total / daily, days(total / daily)) : ""}
    </div>
    <p class="help">${v.stddev ? `Detects a change of the mean from ${thousands(baseline, 2)} to ${thousands(target, 2)}` : `Detects a change from ${percent(baseline)} to ${percent(target)}`} with ${percent(Number(v.power), 0)} power at a ${percent(Number(v.alpha), 0)} significance level (two-sided).</p>
    ${answer.method === "group_sequential" && Number.isFinite(answer.fixedUnitsPerVariant) ? html`<p class="help" data-plan="group_sequential">Planned for a group-sequential test read once a day: ${thousands(answer.fixedUnitsPerVariant)} per variant for a single read, × ${answer.inflationFactor.toFixed(3)} for the daily looks. It usually stops well before.</p>` : ""}`;
}
