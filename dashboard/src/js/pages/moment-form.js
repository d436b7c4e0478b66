// Create a moment: a named place in the journey (stage + key) that experiments attach to.
import { html } from "../html.js";
import { api } from "../api.js";
import { STAGES } from "../domain.js";
import { field, readValues, clearErrors, showErrors } from "../form-ui.js";
import { hashFor } from "../router.js";

export async function render(main, ctx) {
  const stage = STAGES.some((s) => s.key === ctx.route.query.stage) ? ctx.route.query.stage : "FMOT";
  main.innerHTML = String(html`
    <section class="page page-form">
      <div>
        <p class="eyebrow">Moments</p>
        <h1>New moment</h1>
        <p class="lede">A moment is a place in the customer journey where a visitor makes up their mind, such as the landing page hero or the review request.</p>
      </div>
      <form id="moment-form" class="form panel" novalidate>
        <div class="form-summary" aria-live="assertive"></div>
        <div class="field-row">
          ${field({ name: "stage", label: "Stage", value: stage, options: STAGES.map((s) => [s.key, `${s.key} · ${s.name}`]) })}
          ${field({ name: "key", label: "Key", value: "", help: "e.g. fmot.landing-hero: lower case, digits, . _ -", attrs: { autocomplete: "off", spellcheck: "false" } })}
        </div>
        <p class="help" id="stage-explain">${STAGES.find((s) => s.key === stage).explain}</p>
        ${field({ name: "name", label: "Name", value: "", attrs: { autocomplete: "off" } })}
        ${field({ name: "description", label: "Description (optional)", type: "textarea", rows: 2, value: "" })}
        <div class="form-actions">
          <a class="button button-quiet" href="#/journey">Cancel</a>
          <button type="submit" class="button button-primary">Create moment</button>
        </div>
      </form>
    </section>`);
  const form = main.querySelector("form");
  form.querySelector('[data-field="stage"]').addEventListener("change", (event) => {
    form.querySelector("#stage-explain").textContent = STAGES.find((s) => s.key === event.target.value)?.explain ?? "";
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = readValues(form);
    const body = { key: v.key.trim(), stage: v.stage, name: v.name.trim(), ...(v.description.trim() ? { description: v.description.trim() } : {}) };
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await api.createMoment(body);
      ctx.setFlash("good", `Moment “${body.name || body.key}” created. Add an experiment to it.`);
      location.hash = hashFor("new-experiment", null, { moment: body.key });
    } catch (error) {
      if (error.status !== 401) showErrors(form, [{ field: error.field, message: error.message }]);
    } finally {
      button.disabled = false;
    }
  });
}
