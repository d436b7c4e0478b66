// A tiny escaping template tag: every interpolated value is escaped unless it is already markup
// made by `html` or `raw`. Keeps user-supplied keys and names from ever becoming markup.

class Markup {
  constructor(text) { this.text = text; }
  toString() { return this.text; }
}

export const raw = (text) => new Markup(String(text));

export function escapeHtml(text) {
  return String(text)
    .replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

function render(value) {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof Markup) return value.text;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeHtml(value);
}

export function html(strings, ...values) {
  let out = strings[0];
  values.forEach((value, i) => { out += render(value) + strings[i + 1]; });
  return new Markup(out);
}
