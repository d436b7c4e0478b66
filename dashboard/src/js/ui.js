// Small shared pieces of page markup and behaviour: badges, number cells, notices, the confirm dialog.
import { html } from "./html.js";
import { rawValue } from "./format.js";
import { outcomeBadge, statusBadge } from "./domain.js";

export const badge = ({ label, tone, title }, extra = "") =>
  html`<span class="badge badge-${tone} ${extra}" title="${title ?? ""}">${label}</span>`;

export const outcome = (decision) => badge(outcomeBadge(decision), "badge-outcome");
export const status = (value) => badge(statusBadge(value), "badge-status");

/**
 * A table cell with a number for people and the exact JSON value in data-value; `path` names where
 * in the report the value came from, so a test can compare the page with the JSON field by field.
 * `label` is the column's name, shown beside the number when a narrow table stacks its rows.
 */
export function numberCell(value, text, path, cls = "", label = "") {
  return html`<td class="num ${cls}" data-value="${rawValue(value)}" data-path="${path ? JSON.stringify(path) : ""}" ${label ? html`data-label="${label}"` : ""}>${text}</td>`;
}

export const notice = (tone, message) => html`<div class="notice notice-${tone}" role="${tone === "bad" ? "alert" : "status"}">${message}</div>`;

export const loading = (what) => html`<div class="loading" role="status"><span class="spinner" aria-hidden="true"></span>Loading ${what}…</div>`;

export function announce(message) {
  const live = document.getElementById("live");
  if (live) live.textContent = message;
}

/**
 * A modal confirmation. `body` is markup (may hold form fields); resolves with the dialog's form data
 * on confirm and null on cancel. Focus goes into the dialog and back to the opener afterwards.
 */
export function confirmDialog({ title, body, confirmLabel, tone = "primary" }) {
  const opener = document.activeElement;
  const dialog = document.createElement("dialog");
  dialog.className = "dialog";
  dialog.setAttribute("aria-labelledby", "dialog-title");
  dialog.innerHTML = String(html`
    <form method="dialog" class="dialog-form">
      <h2 id="dialog-title">${title}</h2>
      <div class="dialog-body">${body}</div>
      <div class="dialog-actions">
        <button type="submit" value="cancel" class="button button-quiet">Cancel</button>
        <button type="submit" value="confirm" class="button button-${tone}" data-confirm>${confirmLabel}</button>
      </div>
    </form>`);
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => {
      const confirmed = dialog.returnValue === "confirm";
      const data = confirmed ? new FormData(dialog.querySelector("form")) : null;
      dialog.remove();
      if (opener instanceof HTMLElement) opener.focus();
      resolve(data);
    });
    dialog.showModal();
    (dialog.querySelector("select, input, textarea") ?? dialog.querySelector("[data-confirm]")).focus();
  });
}

/** Saves a Blob under a file name through a temporary link. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
