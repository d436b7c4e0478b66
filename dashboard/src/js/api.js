// The API client: the key (a personal key or the admin key) lives in sessionStorage with what
// GET /api/v1/me said about it, and travels as a bearer token. A 401 anywhere ends the session and
// sends the reader back to sign-in with a message.
import { can } from "./access.js";

const KEY_STORAGE = "moments.key";
const ME_STORAGE = "moments.me";

export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error ?? {};
    super(error.message ?? `The server answered ${status}.`);
    this.status = status;
    this.code = error.code ?? `http_${status}`;
    this.field = error.field ?? null;
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY_STORAGE),
  /** Who is signed in ({kind, name, role, permissions}), or null before GET /me answered. */
  me: () => JSON.parse(sessionStorage.getItem(ME_STORAGE) ?? "null"),
  can: (permission) => can(session.me(), permission),
  signIn: (key, me) => { sessionStorage.setItem(KEY_STORAGE, key); session.remember(me); },
  remember: (me) => sessionStorage.setItem(ME_STORAGE, JSON.stringify(me)),
  signOut: () => { sessionStorage.removeItem(KEY_STORAGE); sessionStorage.removeItem(ME_STORAGE); },
};

let onUnauthorized = () => {};
export function whenUnauthorized(callback) { onUnauthorized = callback; }

async function request(method, path, { body, key = session.key(), accept = "application/json" } = {}) {
  const headers = { Accept: accept };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (cause) {
    throw new ApiError(0, { error: { code: "network", message: "The server cannot be reached. Is it running?" } });
  }
  if (response.status === 401) {
    onUnauthorized();
    throw new ApiError(401, await response.json().catch(() => null));
  }
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response;
}

const json = async (response) => (response.status === 204 ? null : response.json());
const enc = encodeURIComponent;

export const api = {
  /** Who a key belongs to, checked without storing it: sign-in calls this before keeping the key. */
  verify: (key) => request("GET", "/api/v1/me", { key }).then(json),
  me: () => request("GET", "/api/v1/me").then(json),
  people: () => request("GET", "/api/v1/people").then(json),
  createPerson: (body) => request("POST", "/api/v1/people", { body }).then(json),
  changeRole: (id, role) => request("PATCH", `/api/v1/people/${enc(id)}`, { body: { role } }).then(json),
  deactivatePerson: (id) => request("DELETE", `/api/v1/people/${enc(id)}`).then(json),
  newPersonKey: (id) => request("POST", `/api/v1/people/${enc(id)}/key`).then(json),
  moments: () => request("GET", "/api/v1/moments").then(json),
  createMoment: (body) => request("POST", "/api/v1/moments", { body }).then(json),
  experiments: (query = "") => request("GET", `/api/v1/experiments${query}`).then(json),
  experiment: (key) => request("GET", `/api/v1/experiments/${enc(key)}`).then(json),
  createExperiment: (body) => request("POST", "/api/v1/experiments", { body }).then(json),
  updateExperiment: (key, body) => request("PATCH", `/api/v1/experiments/${enc(key)}`, { body }).then(json),
  lifecycle: (key, action, body) => request("POST", `/api/v1/experiments/${enc(key)}/${action}`, { body: body ?? {} }).then(json),
  /** `selection`: a segment (string), or {segment, from, to}; empty parts are left out. */
  report: (key, selection) => request("GET", `/api/v1/experiments/${enc(key)}/report${reportQuery(selection)}`).then(json),
  /** A bandit's (or sticky experiment's) weight history, oldest first. */
  weights: (key) => request("GET", `/api/v1/experiments/${enc(key)}/weights`).then(json),
  reportCsv: (key, selection) => request("GET", `/api/v1/experiments/${enc(key)}/report.csv${reportQuery(selection)}`, { accept: "text/csv" }).then((r) => r.blob()),
  createLink: (key, body) => request("POST", `/api/v1/experiments/${enc(key)}/links`, { body }).then(json),
  metricsSeen: () => request("GET", "/api/v1/metrics/seen").then(json),
  archive: (key) => request("POST", `/api/v1/experiments/${enc(key)}/archive`, { body: {} }).then(json),
  audit: (key) => request("GET", `/api/v1/experiments/${enc(key)}/audit`).then(json),
  webhooks: () => request("GET", "/api/v1/webhooks").then(json),
  createWebhook: (body) => request("POST", "/api/v1/webhooks", { body }).then(json),
  deleteWebhook: (id) => request("DELETE", `/api/v1/webhooks/${enc(id)}`).then(json),
  holdouts: () => request("GET", "/api/v1/holdouts").then(json),
  createHoldout: (body) => request("POST", "/api/v1/holdouts", { body }).then(json),
  endHoldout: (key) => request("POST", `/api/v1/holdouts/${enc(key)}/end`).then(json),
  holdoutReport: (key, metrics) =>
    request("GET", `/api/v1/holdouts/${enc(key)}/report${metrics ? `?metrics=${encodeURIComponent(metrics)}` : ""}`).then(json),
  deliveries: (id) => request("GET", `/api/v1/webhooks/${enc(id)}/deliveries`).then(json),
  keys: () => request("GET", "/api/v1/keys").then(json),
  createKey: (body) => request("POST", "/api/v1/keys", { body }).then(json),
  patchKey: (id, body) => request("PATCH", `/api/v1/keys/${enc(id)}`, { body }).then(json),
  revokeKey: (id) => request("DELETE", `/api/v1/keys/${enc(id)}`).then(json),
  sdkScript: () => request("GET", "/api/v1/sdk/script").then(json),
  power: (params) => request("GET", `/api/v1/power?${new URLSearchParams(params)}`).then(json),
};

/** "?segment=device", "?from=2026-11-20&to=2026-11-26" or "" for a report's selection. */
export function reportQuery(selection) {
  const s = typeof selection === "string" || !selection ? { segment: selection } : selection;
  const params = new URLSearchParams();
  for (const name of ["segment", "from", "to"]) if (s[name]) params.set(name, s[name]);
  const q = params.toString();
  return q ? `?${q}` : "";
}

/** Lists come back either bare or wrapped ({"moments":[...]}, {"items":[...]}); accept both. */
export function listOf(payload, name) {
  if (Array.isArray(payload)) return payload;
  if (payload && Array.isArray(payload[name])) return payload[name];
  if (payload && Array.isArray(payload.items)) return payload.items;
  return [];
}
