// The targeting condition builder over the JSON field: rows of (attribute, operator, value) that
// write the JSON as they change, and are read again from the JSON whenever it is edited. A rule the
// builder cannot show exactly stays in the JSON, with a note (targeting-model.js decides).
import { html } from "./html.js";
import { BUILDER_ATTRIBUTES, BUILDER_OPS, rowsFromTargeting, targetingFromRows } from "./targeting-model.js";

const placeholder = (row) => (row.op === "in" || row.op === "nin" ? "mobile, tablet"
  : row.op === "exists" || row.attribute === "paid" || row.attribute === "returning" ? "true or false" : "value");

function markup(state) {
  if (state === "invalid") return html`<p class="help" data-builder-note>The JSON below is not valid JSON yet; the builder shows it again once it is.</p>`;
  if (state === null) {
    return html`<p class="notice notice-info" data-builder-note>This rule uses what the condition builder cannot show (groups inside groups, “not”, other attributes or value types): edit it as JSON below.</p>`;
  }
  const select = (i, name, label, options, value) => html`<label class="visually-hidden" for="tb-${name}-${i}">${label} of condition ${i + 1}</label>
    <select id="tb-${name}-${i}" data-tb="${name}" data-index="${i}">${options.map(([v, text]) => html`<option value="${v}" ${v === value ? "selected" : ""}>${text}</option>`)}</select>`;
  return html`
    <div class="builder-head">
      <label for="tb-match">Visitors match</label>
      <select id="tb-match" data-tb="match"><option value="all" ${state.match === "all" ? "selected" : ""}>all of these conditions</option><option value="any" ${state.match === "any" ? "selected" : ""}>any of these conditions</option></select>
    </div>
    ${state.rows.length ? "" : html`<p class="help">No condition: every visitor of the moment can take part.</p>`}
    ${state.rows.map((row, i) => html`<div class="builder-row" data-condition="${i}">
      ${select(i, "attribute", "Attribute", BUILDER_ATTRIBUTES, row.attribute)}
      ${select(i, "op", "Operator", BUILDER_OPS, row.op)}
      <label class="visually-hidden" for="tb-value-${i}">Value of condition ${i + 1}</label>
      <input id="tb-value-${i}" data-tb="value" data-index="${i}" value="${row.value}" placeholder="${placeholder(row)}" autocomplete="off" spellcheck="false">
      <button type="button" class="button button-quiet" data-tb-remove="${i}" aria-label="Remove condition ${i + 1}">Remove</button>
    </div>`)}
    <button type="button" class="button button-quiet" data-tb-add>+ Add condition</button>`;
}

/** Builds the builder into `container`, kept in step with `textarea` (the JSON the form sends). */
export function mountTargetingBuilder(container, textarea) {
  const read = () => {
    const text = textarea.value.trim();
    if (!text) return { match: "all", rows: [], bare: false };
    try { return rowsFromTargeting(JSON.parse(text)); } catch { return "invalid"; }
  };
  let state = read();
  const render = () => { container.innerHTML = String(markup(state)); };
  const write = () => {
    const json = targetingFromRows(state);
    textarea.value = json ? JSON.stringify(json, null, 2) : "";
  };
  render();
  textarea.addEventListener("input", () => { state = read(); render(); });
  const edit = (event) => {
    const el = event.target;
    if (!el.dataset.tb || !state || state === "invalid") return;
    if (el.dataset.tb === "match") state.match = el.value;
    else state.rows[Number(el.dataset.index)][el.dataset.tb] = el.value;
    state.bare = false;
    write();
    if (event.type === "change" && el.tagName === "SELECT") { render(); container.querySelector(`#${el.id}`)?.focus(); }
  };
  container.addEventListener("input", edit);
  container.addEventListener("change", edit);
  container.addEventListener("click", (event) => {
    if (!state || state === "invalid") return;
    const remove = event.target.closest("[data-tb-remove]");
    if (event.target.closest("[data-tb-add]")) {
      state.rows.push({ attribute: "device", op: "eq", value: "" });
      state.bare = false;
      write();
      render();
      container.querySelector(`#tb-attribute-${state.rows.length - 1}`)?.focus();
    } else if (remove) {
      state.rows.splice(Number(remove.dataset.tbRemove), 1);
      write();
      render();
      container.querySelector("[data-tb-add]")?.focus();
    }
  });
}
