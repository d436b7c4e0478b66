// Pure markup for the operational views: the audit trail's before/after diff and webhook deliveries.
import { html } from "./html.js";

/** Fields that change on every write and say nothing about what a person changed. */
const NOISE = new Set(["updatedAt"]);
const MAX_VALUE_CHARS = 160;

/**
 * What an audit entry changed, top-level field by field: `[{field, before, after}]` with the values
 * as short JSON text ("—" when absent). A creation lists what was set, a deletion what was removed.
 */
export function auditChanges(before, after) {
  const b = before ?? {};
  const a = after ?? {};
  const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => !NOISE.has(f));
  return fields
    .filter((f) => JSON.stringify(b[f] ?? null) !== JSON.stringify(a[f] ?? null))
    .map((f) => ({ field: f, before: shortJson(b[f]), after: shortJson(a[f]) }));
}

export function shortJson(value) {
  if (value === undefined || value === null) return "—";
  if (value === "") return "(empty)";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** "scheduler (system)", "Ana Lima (editor)", "ops (key mk_ab12…)" or the bare name. */
export function actorLabel(actor) {
  if (!actor) return "unknown";
  if (actor.system) return `${actor.name} (system)`;
  if (actor.person) return `${actor.person.name} (${actor.person.role})`;
  return actor.keyPrefix ? `${actor.name} (key ${actor.keyPrefix}…)` : actor.name;
}

export function auditPanel(entries) {
  return html`
    <section class="panel" aria-labelledby="audit-title" data-panel="audit">
      <div class="panel-head"><h2 id="audit-title">Audit log</h2><p>Who changed what, newest first.</p></div>
      ${entries.length === 0 ? html`<p class="empty">No changes recorded.</p>` : html`
      <ol class="audit">
        ${entries.map((e) => auditEntry(e))}
      </ol>`}
    </section>`;
}

function auditEntry(entry) {
  const changes = auditChanges(entry.before, entry.after);
  return html`
    <li class="audit-entry" data-action="${entry.action}">
      <p class="audit-head"><strong>${entry.action}</strong> by ${actorLabel(entry.actor)}
        <time datetime="${entry.at}">${dateTime(entry.at)}</time></p>
      ${changes.length ? html`
      <div class="table-wrap table-stack"><table class="audit-diff">
        <thead><tr><th scope="col">Field</th><th scope="col">Before</th><th scope="col">After</th></tr></thead>
        <tbody>${changes.map((c) => html`<tr><th scope="row">${c.field}</th><td data-label="Before"><code>${c.before}</code></td><td data-label="After"><code>${c.after}</code></td></tr>`)}</tbody>
      </table></div>` : ""}
    </li>`;
}

/** "2026-11-29 10:21 UTC": the audit and delivery logs show UTC, like the server's logs. */
export function dateTime(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const DELIVERY_TONE = { delivered: "good", pending: "warn", failed: "bad", cancelled: "neutral" };

export function deliveriesTable(deliveries) {
  if (!deliveries.length) return html`<p class="empty">Nothing delivered yet.</p>`;
  return html`<div class="table-wrap table-stack table-stack-wide"><table class="deliveries">
    <thead><tr><th scope="col">Event</th><th scope="col">Status</th><th scope="col" class="num">Attempts</th><th scope="col" class="num">Answer</th><th scope="col">Last error</th><th scope="col">Last attempt</th></tr></thead>
    <tbody>${deliveries.map((d) => html`<tr data-delivery="${d.id}" data-status="${d.status}">
      <th scope="row">${d.event?.type}${d.event?.experiment ? html`<span class="sub">${d.event.experiment}</span>` : ""}</th>
      <td data-label="Status"><span class="badge badge-${DELIVERY_TONE[d.status] ?? "neutral"}">${d.status}</span>${d.nextAttemptAt ? html`<span class="sub">next ${dateTime(d.nextAttemptAt)}</span>` : ""}</td>
      <td class="num" data-label="Attempts">${d.attempts}</td>
      <td class="num" data-label="Answer">${d.lastStatusCode ?? "—"}</td>
      <td data-label="Last error">${d.lastError ?? "—"}</td>
      <td data-label="Last attempt">${dateTime(d.lastAttemptAt)}</td></tr>`)}</tbody>
  </table></div>`;
}
