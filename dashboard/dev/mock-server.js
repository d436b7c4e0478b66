// Development server: serves dashboard/src and a fake /api/v1 with realistic, seeded data, so the
// dashboard can be built, screenshotted and browser-tested without the Java server.
//   node dev/mock-server.js [port]   (admin key: MOMENTS_ADMIN_KEY or "dev-admin-key-0000000000000000000";
//   with the demo, also a viewer's and an editor's personal key: DEV_VIEWER_KEY, DEV_EDITOR_KEY below)
import http from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { SEGMENT_ATTRIBUTES } from "./contract.js";
import { buildReport, reportCsv } from "./mock-report.js";
import { seed } from "./mock-seed.js";
import { unitsPerVariant } from "./mock-stats.js";
import { validateExperiment, validateMoment, fail } from "./mock-validate.js";
import { holdoutRoute } from "./mock-holdouts.js";
import { authorize, caller, people, seedPeople, DEV_EDITOR_KEY, DEV_VIEWER_KEY } from "./mock-people.js";
import { install, seedKeys } from "./mock-install.js";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png" };
export const DEV_KEY = "dev-admin-key-0000000000000000000";

export function createStore({ demo = true } = {}) {
  const store = { moments: new Map(), experiments: new Map(), units: new Map(), eventIds: new Set(), people: new Map() };
  if (demo) {
    seed(store);
    seedPeople(store);
    seedKeys(store);
  }
  return store;
}

const send = (res, status, body, type = "application/json") => {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(type === "application/json" ? JSON.stringify(body) : body);
};
const error = (res, status, code, message, field) => send(res, status, { error: { code, message, ...(field ? { field } : {}) } });

async function bodyOf(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  const text = Buffer.concat(chunks).toString("utf8");
  if (!text) return {};
  try { return JSON.parse(text); } catch { throw fail("malformed_json", "The body is not valid JSON."); }
}

function lifecycle(store, experiment, action, body) {
  const moves = { start: ["draft", "paused"], pause: ["running"], stop: ["running", "paused"] };
  if (!moves[action].includes(experiment.status)) throw fail("illegal_transition", `Cannot ${action} an experiment that is ${experiment.status}.`, null, 409);
  if (action === "stop" && body.rollout && !experiment.variants.some((v) => v.key === body.rollout)) throw fail("invalid", `rollout '${body.rollout}' is not a variant.`, "rollout");
  experiment.status = { start: "running", pause: "paused", stop: "stopped" }[action];
  if (action === "stop") experiment.rollout = body.rollout ?? null;
  return experiment;
}

function ingest(store, events) {
  let accepted = 0, duplicates = 0;
  const rejected = [];
  events.forEach((e, index) => {
    if (!e.id || !e.unitId || !["exposure", "conversion"].includes(e.type)) { rejected.push({ index, error: { code: "invalid", message: "id, unitId and type are required" } }); return; }
    if (store.eventIds.has(e.id)) { duplicates++; return; }
    store.eventIds.add(e.id);
    accepted++;
    const day = (e.timestamp ?? new Date().toISOString()).slice(0, 10);
    if (e.type === "exposure") {
      const units = store.units.get(e.experiment);
      if (!units) return;
      const existing = units.find((u) => u.unitId === e.unitId);
      if (existing) { if (existing.variant !== e.variant) existing.multiple = true; return; }
      units.push({ unitId: e.unitId, variant: e.variant, day, conversions: {}, attributes: e.attributes ?? {}, forced: false, multiple: false });
    } else {
      for (const units of store.units.values()) {
        const unit = units.find((u) => u.unitId === e.unitId);
        if (unit) unit.conversions[e.metric] = (unit.conversions[e.metric] ?? 0) + (e.value ?? 1);
      }
    }
  });
  return { accepted, duplicates, rejected };
}

async function handleApi(store, adminKey, req, res, url) {
  const who = caller(store, adminKey, req.headers.authorization);
  if (!who) return error(res, 401, "unauthorized", "This API key is unknown or revoked.");
  const path = url.pathname.replace(/^\/api\/v1/, "");
  const method = req.method;
  authorize(who, method, url.pathname);
  const body = ["POST", "PATCH"].includes(method) ? await bodyOf(req) : {};
  const personal = people(store, who, method, path, body) ?? holdoutRoute(store, method, path, body);
  if (personal) return send(res, personal[0], personal[1]);
  const installed = install(store, method, path, body);
  if (installed) return installed[0] === 204 ? res.writeHead(204).end() : send(res, installed[0], installed[1]);
  let m;
  if (path === "/moments" && method === "GET") return send(res, 200, [...store.moments.values()]);
  if (path === "/moments" && method === "POST") {
    const moment = validateMoment(body);
    if (store.moments.has(moment.key)) throw fail("duplicate", `A moment with key '${moment.key}' exists already.`, "key", 409);
    store.moments.set(moment.key, moment);
    return send(res, 201, moment);
  }
  if ((m = /^\/moments\/([^/]+)$/.exec(path)) && method === "GET") {
    const moment = store.moments.get(decodeURIComponent(m[1]));
    return moment ? send(res, 200, moment) : error(res, 404, "not_found", "No such moment.");
  }
  if (path === "/experiments" && method === "GET") {
    const list = [...store.experiments.values()].filter((e) => (!url.searchParams.get("moment") || e.moment === url.searchParams.get("moment"))
      && (!url.searchParams.get("status") || e.status === url.searchParams.get("status")));
    return send(res, 200, list);
  }
  if (path === "/experiments" && method === "POST") {
    const draft = validateExperiment(body, store);
    if (store.experiments.has(draft.key)) throw fail("duplicate", `An experiment with key '${draft.key}' exists already.`, "key", 409);
    const experiment = { trafficPercent: 100, secondaryMetrics: [], guardrailMetrics: [], ...draft, status: "draft", unitsPerDay: 0 };
    store.experiments.set(draft.key, experiment);
    store.units.set(draft.key, []);
    return send(res, 201, experiment);
  }
  if ((m = /^\/experiments\/([^/]+)(\/[a-z.]+)?$/.exec(path))) {
    const experiment = store.experiments.get(decodeURIComponent(m[1]));
    if (!experiment) return error(res, 404, "not_found", "No such experiment.");
    const tail = m[2] ?? "";
    if (!tail && method === "GET") return send(res, 200, experiment);
    if (!tail && method === "PATCH") {
      const patch = body;
      if ((patch.variants || patch.control) && experiment.status !== "draft") throw fail("conflict", "Variants can only change while the experiment is a draft.", "variants", 409);
      const merged = validateExperiment({ ...experiment, ...patch, status: undefined, unitsPerDay: undefined, rollout: undefined }, store);
      Object.assign(experiment, merged);
      return send(res, 200, experiment);
    }
    // the mock keeps no audit trail and delivers no webhooks: the real server's pages are tested end to end
    if (tail === "/audit" && method === "GET") return send(res, 200, { entries: [] });
    if (tail === "/weights" && method === "GET") return send(res, 200, { history: store.weightHistory?.get(experiment.key) ?? [] });
    if (["/start", "/pause", "/stop"].includes(tail) && method === "POST") return send(res, 200, lifecycle(store, experiment, tail.slice(1), body));
    const units = store.units.get(experiment.key);
    const segment = url.searchParams.get("segment");
    if (segment && tail.startsWith("/report") && !SEGMENT_ATTRIBUTES.includes(segment)) {
      throw fail("invalid_field", `segment must be one of ${SEGMENT_ATTRIBUTES.join(", ")}.`, "segment");
    }
    const report = () => buildReport(experiment, store.moments.get(experiment.moment), units, segment);
    if (tail === "/report" && method === "GET") return send(res, 200, report());
    if (tail === "/report.csv" && method === "GET") return send(res, 200, reportCsv(report()), "text/csv; charset=utf-8");
  }
  if (path === "/webhooks" && method === "GET") return send(res, 200, { webhooks: [] });
  if (path === "/events" && method === "POST") return send(res, 202, ingest(store, body.events ?? []));
  if (path === "/power" && method === "GET") {
    const q = Object.fromEntries([...url.searchParams].map(([k, v]) => [k, Number(v)]));
    for (const name of ["baseline", "mde"]) if (!(q[name] > 0)) throw fail("invalid", `${name} must be a positive number.`, name);
    const n = unitsPerVariant(q);
    return send(res, 200, { unitsPerVariant: n, totalUnits: n * (q.variants || 2), baseline: q.baseline, mde: q.mde, alpha: q.alpha || 0.05, power: q.power || 0.8, variants: q.variants || 2 });
  }
  return error(res, 404, "not_found", `No route ${method} ${url.pathname}.`);
}

export async function serveStatic(res, pathname) {
  const file = normalize(join(SRC, pathname === "/" ? "index.html" : decodeURIComponent(pathname)));
  if (!file.startsWith(SRC)) return error(res, 404, "not_found", "Not found.");
  try {
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] ?? "application/octet-stream", "Cache-Control": "no-store" });
    res.end(await readFile(file));
  } catch {
    error(res, 404, "not_found", "Not found.");
  }
}

export function startMockServer({ port = 0, adminKey = DEV_KEY, demo = true } = {}) {
  const store = createStore({ demo });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    try {
      if (url.pathname === "/health") return send(res, 200, { status: "up" });
      if (url.pathname.startsWith("/api/v1/")) return await handleApi(store, adminKey, req, res, url);
      return await serveStatic(res, url.pathname);
    } catch (e) {
      if (e.apiError) return error(res, e.status, e.code, e.message, e.field);
      console.error(e);
      return error(res, 500, "internal", "Mock server error.");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => {
    const url = `http://127.0.0.1:${server.address().port}`;
    resolve({ url, store, close: () => new Promise((done) => { server.closeAllConnections(); server.close(done); }) });
  }));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const key = process.env.MOMENTS_ADMIN_KEY ?? DEV_KEY;
  const { url } = await startMockServer({ port: Number(process.argv[2] ?? 5173), adminKey: key, demo: process.env.MOMENTS_DEMO !== "false" });
  console.log(`Moments mock server on ${url}  (admin key: ${key}; viewer ${DEV_VIEWER_KEY}, editor ${DEV_EDITOR_KEY} with the demo)`);
}
