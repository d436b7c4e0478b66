// Holdouts in the mock: kept in memory; a report with made-up but consistent figures (the real figures
// come from the server's fold and are tested there, HoldoutEndToEndIT).
import { KEY } from "./contract.js";
import { fail } from "./mock-validate.js";

/** Answers a holdout route as [status, body], or null when the path is not one. */
export function holdoutRoute(store, method, path, body) {
  store.holdouts ??= new Map();
  let m;
  if (path === "/holdouts" && method === "GET") return [200, { holdouts: [...store.holdouts.values()] }];
  if (path === "/holdouts" && method === "POST") {
    if (typeof body.key !== "string" || !KEY.test(body.key)) throw fail("invalid_field", "key must be a key.", "key");
    if (!(body.percent > 0 && body.percent <= 50) || Math.round(body.percent * 100) !== body.percent * 100) {
      throw fail("invalid_field", "percent must be in (0, 50] with at most two decimals.", "percent");
    }
    (body.moments ?? []).forEach((moment, i) => {
      if (!store.moments.has(moment)) throw fail("unknown_moment", `Moment '${moment}' does not exist; create it first.`, `moments[${i}]`);
    });
    if (store.holdouts.has(body.key) || store.experiments.has(body.key)) {
      throw fail("duplicate_key", `The key '${body.key}' is taken by a holdout or an experiment.`, undefined, 409);
    }
    const holdout = { key: body.key, name: body.name ?? body.key, percent: body.percent, moments: body.moments ?? null,
      metrics: body.metrics ?? [], status: "running", createdAt: new Date().toISOString(), endedAt: null };
    store.holdouts.set(holdout.key, holdout);
    return [201, holdout];
  }
  if (!(m = /^\/holdouts\/([^/]+)(\/end|\/report)?$/.exec(path))) return null;
  const holdout = store.holdouts.get(decodeURIComponent(m[1]));
  if (!holdout) throw fail("not_found", "No such holdout.", undefined, 404);
  if (!m[2] && method === "GET") return [200, holdout];
  if (m[2] === "/end" && method === "POST") {
    if (holdout.status === "ended") throw fail("holdout_ended", "The holdout has ended.", undefined, 409);
    Object.assign(holdout, { status: "ended", endedAt: new Date().toISOString() });
    return [200, holdout];
  }
  if (m[2] === "/report" && method === "GET") return [200, report(holdout)];
  return null;
}

function report(holdout) {
  const held = Math.round(holdout.percent * 100), exposed = 10000 - held;
  const metrics = holdout.metrics.map((metric, i) => {
    const base = 0.1 + i * 0.02, lift = 0.08;
    return { metric, role: i ? "secondary" : "primary", type: "binomial", direction: "increase", adjustment: "none",
      variants: [{ key: "holdout", units: held, conversions: Math.round(held * base), mean: base },
        { key: "exposed", units: exposed, conversions: Math.round(exposed * base * (1 + lift)), mean: base * (1 + lift) }],
      comparisons: [{ variant: "exposed", control: "holdout", relativeLift: lift, ci: [lift - 0.1, lift + 0.1], pValue: 0.12, significant: false }] };
  });
  return { holdout, variants: [{ key: "holdout", units: held }, { key: "exposed", units: exposed }],
    srm: { ok: true, pValue: 0.5 }, metrics, health: { implausibleVariant: 0, srmOk: true }, dataAsOf: new Date().toISOString() };
}
