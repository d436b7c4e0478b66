// Form building blocks shared by the moment and experiment forms: labelled fields with an error slot,
// reading values, and showing API validation errors next to the field they name.
import { html } from "./html.js";
import { fieldFor, friendlyMessage } from "./form-model.js";
import { notice } from "./ui.js";

export const idFor = (name) => `f-${name.replace(/[^a-zA-Z0-9]+/g, "-")}`;

/**
 * A labelled input, select, textarea or checkbox. `name` is its API field path (data-field), so an
 * API error naming that path lands in its error slot.
 */
export function field({ name, label, value = "", type = "text", help, options, rows, attrs = {}, disabled = false, wide = false }) {
  const id = idFor(name);
  const describedBy = [help ? `${id}-help` : "", `${id}-error`].filter(Boolean).join(" ");
  const extra = Object.entries(attrs).map(([k, v]) => html` ${k}="${v}"`);
  let control;
  if (type === "checkbox") {
    return html`<div class="field" data-for="${name}">
      <label class="checkbox"><input id="${id}" type="checkbox" data-field="${name}" ${value ? "checked" : ""} ${disabled ? "disabled" : ""} aria-describedby="${describedBy}"${extra}> ${label}</label>
      ${help ? html`<p class="help" id="${id}-help">${help}</p>` : ""}
      <p class="field-error" id="${id}-error"></p></div>`;
  }
  if (options) {
    control = html`<select id="${id}" data-field="${name}" ${disabled ? "disabled" : ""} aria-describedby="${describedBy}"${extra}>
      ${options.map((o) => {
        const [v, text] = Array.isArray(o) ? o : [o, o];
        return html`<option value="${v}" ${String(v) === String(value) ? "selected" : ""}>${text}</option>`;
      })}</select>`;
  } else if (type === "textarea") {
    control = html`<textarea id="${id}" data-field="${name}" rows="${rows ?? 3}" spellcheck="false" ${disabled ? "disabled" : ""} aria-describedby="${describedBy}"${extra}>${value}</textarea>`;
  } else {
    control = html`<input id="${id}" type="${type}" data-field="${name}" value="${value}" ${disabled ? "disabled" : ""} aria-describedby="${describedBy}"${extra}>`;
  }
  return html`<div class="field ${wide ? "field-wide" : ""}" data-for="${name}">
    <label for="${id}">${label}</label>${control}
    ${help ? html`<p class="help" id="${id}-help">${help}</p>` : ""}
    <p class="field-error" id="${id}-error"></p></div>`;
}

/** A slot for an error about a whole group ("variants"), placed where the group starts. */
export const groupError = (name) => html`<p class="field-error" id="${idFor(name)}-error" data-group="${name}" tabindex="-1"></p>`;

export function readValues(form) {
  const values = {};
  for (const el of form.querySelectorAll("[data-field]")) {
    values[el.dataset.field] = el.type === "checkbox" ? el.checked : el.value;
  }
  return values;
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll(".field-error")) slot.textContent = "";
  for (const el of form.querySelectorAll(".has-error")) el.classList.remove("has-error");
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const summary = form.querySelector(".form-summary");
  if (summary) summary.innerHTML = "";
}

/**
 * Shows {field, message} errors next to their inputs (or at the top when no input matches) and
 * moves focus to the first one. Returns the name of the field that got the first error.
 */
export function showErrors(form, errors) {
  const names = [...form.querySelectorAll("[data-field]")].map((el) => el.dataset.field)
    .concat([...form.querySelectorAll("[data-group]")].map((el) => el.dataset.group));
  let first = null;
  const unplaced = [];
  for (const error of errors) {
    const path = error.field;
    const message = friendlyMessage(path, error.message);
    const name = path ? fieldFor(path, names) : null;
    const slot = name ? form.querySelector(`#${CSS.escape(idFor(name))}-error`) : null;
    if (!slot) { unplaced.push(message); continue; }
    slot.textContent = message;
    const input = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    input?.setAttribute("aria-invalid", "true");
    (input?.closest(".field") ?? slot.parentElement)?.classList.add("has-error");
    input?.closest(".repeat-item")?.classList.add("has-error");
    if (!first) first = input ?? slot;
  }
  const summary = form.querySelector(".form-summary");
  if (summary) {
    summary.innerHTML = String(notice("bad", unplaced.length
      ? unplaced.join(" ")
      : `The form has ${errors.length === 1 ? "a problem" : `${errors.length} problems`}: see the highlighted field${errors.length === 1 ? "" : "s"}.`));
  }
  if (first?.focus) first.focus();
  else summary?.scrollIntoView({ block: "center" });
  return first?.dataset?.field ?? null;
}
