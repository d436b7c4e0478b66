// Hash routes: "#/experiments/hero?segment=device" → {name, params, query}. Pure, unit-tested.

const ROUTES = [
  ["signin", /^\/signin$/],
  ["journey", /^\/(?:journey)?$/],
  ["experiment", /^\/experiments\/([^/]+)$/],
  ["edit-experiment", /^\/experiments\/([^/]+)\/edit$/],
  ["new-experiment", /^\/new\/experiment$/],
  ["new-moment", /^\/new\/moment$/],
  ["power", /^\/power$/],
  ["people", /^\/people$/],
  ["webhooks", /^\/webhooks$/],
  ["holdouts", /^\/holdouts$/],
  ["holdout", /^\/holdouts\/([^/]+)$/],
  ["install", /^\/install$/],
];

export function parseHash(hash) {
  const text = (hash ?? "").replace(/^#/, "") || "/";
  const [path, search = ""] = text.split("?");
  const query = Object.fromEntries(new URLSearchParams(search));
  for (const [name, pattern] of ROUTES) {
    const m = pattern.exec(path);
    if (m) return { name, params: m.slice(1).map(decodeURIComponent), query };
  }
  return { name: "not-found", params: [path], query };
}

export function hashFor(name, param, query) {
  const q = query && Object.keys(query).length ? `?${new URLSearchParams(query)}` : "";
  const p = encodeURIComponent(param ?? "");
  switch (name) {
    case "experiment": return `#/experiments/${p}${q}`;
    case "edit-experiment": return `#/experiments/${p}/edit`;
    case "new-experiment": return `#/new/experiment${q}`;
    case "new-moment": return `#/new/moment${q}`;
    case "power": return `#/power${q}`;
    case "people": return "#/people";
    case "webhooks": return "#/webhooks";
    case "holdouts": return "#/holdouts";
    case "holdout": return `#/holdouts/${p}${q}`;
    case "install": return `#/install${q}`;
    case "signin": return "#/signin";
    default: return "#/journey";
  }
}
