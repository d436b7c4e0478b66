// The routes the Install page and the experiment page's link builder call, imitated for development:
// SDK keys (create, list, origins, revoke; the key shown once), the served bundle's tag, the metric
// names seen, and signed links (an unverifiable signature: the mock checks nothing it signs).
import { createHash, randomBytes } from "node:crypto";
import { fail } from "./mock-validate.js";

const SDK = { version: "0.1.0", path: "/sdk/v0.1.0/moments.min.js" };

export function seedKeys(store) {
  store.keys = new Map();
  const now = Date.now();
  addKey(store, { kind: "client", name: "Landing site", origins: ["https://www.example.com"] }, new Date(now - 9 * 86_400_000), new Date(now - 120_000));
  addKey(store, { kind: "server", name: "Checkout service" }, new Date(now - 30 * 86_400_000), null);
}

function addKey(store, { kind, name, origins = null }, created = new Date(), lastUsed = null) {
  store.keys ??= new Map();
  const id = store.keys.size + 2; // 1 is the admin key
  const key = `${kind === "client" ? "pk" : "sk"}_${randomBytes(16).toString("hex")}`;
  const info = { id, kind, name, keyPrefix: key.slice(0, 4), createdAt: created.toISOString(), revoked: false, personId: null,
    origins: kind === "client" ? origins : null, lastUsedAt: lastUsed && new Date(Math.floor(lastUsed / 60_000) * 60_000).toISOString() };
  store.keys.set(id, info);
  return { id, key, kind, name };
}

function keyOf(store, id) {
  const info = store.keys?.get(Number(id));
  if (!info) throw fail("not_found", "No such key.", null, 404);
  return info;
}

function createKey(store, body) {
  if (!["client", "server"].includes(body.kind)) throw fail("invalid", "kind must be client or server.", "kind");
  if (typeof body.name !== "string" || !body.name.trim() || body.name.length > 100) throw fail("invalid", "name must be 1 to 100 characters.", "name");
  return addKey(store, { kind: body.kind, name: body.name });
}

function patchKey(info, body) {
  if (body.origins !== undefined) {
    if (info.kind !== "client") throw fail("invalid", "Only a client key has allowed origins.", "origins");
    const origins = body.origins;
    if (origins !== null && (!Array.isArray(origins) || origins.length > 20 || origins.some((o) => !/^https?:\/\/[^/\s]+$/.test(o)))) {
      throw fail("invalid", "origins must be null or up to 20 origins like https://www.example.com.", "origins");
    }
    info.origins = origins;
  }
  return info;
}

function signedLink(experiment, body) {
  if (!["force", "ad"].includes(body.kind)) throw fail("invalid", "kind must be force or ad.", "kind");
  if (!experiment.variants.some((v) => v.key === body.variant)) throw fail("invalid", `'${body.variant}' is not a variant of ${experiment.key}.`, "variant");
  const days = body.kind === "force" ? 1 : 90;
  const expiresAt = body.expiresAt ?? new Date(Date.now() + days * 86_400_000).toISOString();
  const sig = createHash("sha256").update(`${experiment.key}:${body.variant}:${body.kind}:${expiresAt}`).digest("base64url").slice(0, 22);
  const query = body.kind === "force" ? `moments_force=${experiment.key}:${body.variant}&moments_sig=${sig}` : `moments_ad=${body.variant}&moments_sig=${sig}`;
  return { experiment: experiment.key, variant: body.variant, kind: body.kind, expiresAt, sig, query };
}

function metricsSeen(store) {
  const since = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const counts = new Map();
  for (const units of store.units.values()) for (const u of units) for (const [metric, n] of Object.entries(u.conversions)) counts.set(metric, (counts.get(metric) ?? 0) + (n > 0 ? 1 : 0));
  const declaredBy = (metric) => [...store.experiments.values()].filter((e) => [e.primaryMetric, ...(e.secondaryMetrics ?? []), ...(e.guardrailMetrics ?? [])]
    .some((m) => (typeof m === "string" ? m : m?.key) === metric)).map((e) => e.key);
  const today = new Date().toISOString().slice(0, 10);
  return { since, days: 7, metrics: [...counts].map(([metric, conversions]) => ({ metric, conversions, lastSeen: today, declaredBy: declaredBy(metric) })) };
}

/** [status, body] for the install routes, or null for other paths. */
export function install(store, method, path, body) {
  let m;
  if (path === "/keys" && method === "GET") return [200, { keys: [...(store.keys?.values() ?? [])] }];
  if (path === "/keys" && method === "POST") return [201, createKey(store, body)];
  if ((m = /^\/keys\/(\d+)$/.exec(path))) {
    const info = keyOf(store, m[1]);
    if (method === "PATCH") return [200, patchKey(info, body)];
    if (method === "DELETE") { info.revoked = true; return [204, null]; }
  }
  if (path === "/sdk/script" && method === "GET") {
    const integrity = `sha384-${createHash("sha384").update("mock bundle").digest("base64")}`;
    return [200, { ...SDK, integrity, tag: `<script src="${SDK.path}" integrity="${integrity}" crossorigin="anonymous"></script>` }];
  }
  if (path === "/metrics/seen" && method === "GET") return [200, metricsSeen(store)];
  if ((m = /^\/experiments\/([^/]+)\/links$/.exec(path)) && method === "POST") {
    const experiment = store.experiments.get(decodeURIComponent(m[1]));
    if (!experiment) throw fail("not_found", "No such experiment.", null, 404);
    return [201, signedLink(experiment, body)];
  }
  return null;
}
