// Webhooks: subscribe a URL to decision alerts and lifecycle events, list them, delete them, and read
// each one's delivery log (status, attempts, last answer and error).
import { html } from "../html.js";
import { api, listOf } from "../api.js";
import { field, readValues, clearErrors, showErrors } from "../form-ui.js";
import { confirmDialog, loading, notice } from "../ui.js";
import { dateTime, deliveriesTable } from "../ops-view.js";

export const EVENTS = [
  ["decision", "Decision: a winner or no difference"],
  ["srm", "Sample ratio mismatch"],
  ["guardrail_harm", "Guardrail harmed"],
  ["experiment.started", "Experiment started"],
  ["experiment.stopped", "Experiment stopped"],
];
const LOG_ROWS = 20;

export async function render(main, ctx) {
  main.innerHTML = String(html`<section class="page"><h1>Webhooks</h1>${loading("webhooks")}</section>`);
  let hooks;
  try {
    hooks = listOf(await api.webhooks(), "webhooks");
    hooks = await Promise.all(hooks.map(async (h) => {
      try { return { ...h, log: listOf(await api.deliveries(h.id), "deliveries").slice(0, LOG_ROWS) }; }
      catch (error) { if (error.status === 401) throw error; return { ...h, log: [], logError: error.message }; }
    }));
  } catch (error) {
    if (!ctx.isCurrent()) return;
    main.innerHTML = String(html`<section class="page"><h1>Webhooks</h1>${notice("bad", error.status === 403 ? "Only admins manage webhooks." : error.message)}</section>`);
    return;
  }
  if (!ctx.isCurrent()) return;
  main.innerHTML = String(html`
    <section class="page page-form">
      ${ctx.flash ? notice(ctx.flash.tone, ctx.flash.message) : ""}
      <div>
        <p class="eyebrow">Alerts</p>
        <h1>Webhooks</h1>
        <p class="lede">Moments posts to these URLs when a decision changes, a split breaks, a guardrail is harmed or an experiment starts or stops. Each body is signed: <code>X-Moments-Signature: t=&lt;unix&gt;,v1=&lt;HMAC-SHA256 of t.body&gt;</code>.</p>
      </div>
      ${newWebhookForm()}
      ${hooks.length === 0 ? html`<p class="empty">No webhooks yet.</p>` : hooks.map(webhookPanel)}
    </section>`);
  wire(main, ctx);
}

function newWebhookForm() {
  return html`
    <form id="webhook-form" class="form panel" novalidate aria-labelledby="new-webhook-title">
      <h2 id="new-webhook-title">New webhook</h2>
      <div class="form-summary" aria-live="assertive"></div>
      ${field({ name: "url", label: "URL", type: "url", help: "https://… (a Slack incoming-webhook URL works with the Slack format)", attrs: { autocomplete: "off", spellcheck: "false" }, wide: true })}
      <div class="field-row">
        ${field({ name: "secret", label: "Signing secret", value: newSecret(), help: "Keep it: receivers verify signatures with it. Shown in full only now.", attrs: { autocomplete: "off", spellcheck: "false" } })}
        ${field({ name: "format", label: "Body", value: "json", options: [["json", "JSON event"], ["slack", "Slack message ({\"text\": …})"]] })}
      </div>
      <fieldset class="field" data-for="events">
        <legend>Events</legend>
        ${EVENTS.map(([value, label]) => field({ name: `event:${value}`, label, type: "checkbox", value: true }))}
        <p class="field-error" id="f-events-error" data-group="events" tabindex="-1"></p>
      </fieldset>
      <div class="form-actions"><button type="submit" class="button button-primary">Add webhook</button></div>
    </form>`;
}

/** 32 random bytes as hex: strong enough for HMAC-SHA256 and easy to paste. */
function newSecret() {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function webhookPanel(hook) {
  return html`
    <section class="panel" data-webhook="${hook.id}" aria-label="Webhook ${hook.url}">
      <div class="panel-head">
        <h2 class="webhook-url"><code>${hook.url}</code></h2>
        <button type="button" class="button button-danger" data-delete="${hook.id}">Delete</button>
      </div>
      <p class="help">${hook.format === "slack" ? "Slack message" : "JSON event"} · ${hook.events.join(", ")} · secret ${hook.secretHint} ·
        ${hook.pendingDeliveries} pending, ${hook.failedDeliveries} failed · last delivered ${dateTime(hook.lastDeliveredAt)}</p>
      <h3>Delivery log</h3>
      ${hook.logError ? notice("bad", hook.logError) : deliveriesTable(hook.log)}
    </section>`;
}

function wire(main, ctx) {
  const form = main.querySelector("#webhook-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const v = readValues(form);
    const body = {
      url: v.url.trim(),
      secret: v.secret.trim(),
      format: v.format,
      events: EVENTS.map(([value]) => value).filter((value) => v[`event:${value}`]),
    };
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      await api.createWebhook(body);
      ctx.setFlash("good", `Webhook added: ${body.url}`);
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    } catch (error) {
      if (error.status !== 401) showErrors(form, [{ field: error.field, message: error.message }]);
    } finally {
      button.disabled = false;
    }
  });
  for (const button of main.querySelectorAll("[data-delete]")) {
    button.addEventListener("click", async () => {
      const data = await confirmDialog({ title: "Delete this webhook?", body: html`<p>Its pending deliveries are cancelled.</p>`, confirmLabel: "Delete", tone: "danger" });
      if (!data) return;
      try {
        await api.deleteWebhook(button.dataset.delete);
        ctx.setFlash("good", "The webhook is deleted.");
      } catch (error) {
        ctx.setFlash("bad", `Could not delete the webhook: ${error.message}`);
      }
      window.dispatchEvent(new HashChangeEvent("hashchange"));
    });
  }
}
