// The client a page (or a Node server) talks to. Everything environment-specific (fetch, timers,
// window, document, navigator, storage) is looked up once here and may be injected, so tests and
// server-side rendering run the same code as the browser.
import { loadConfig, decide, validUnitId } from "./engine.js";
import { createQueue } from "./queue.js";
import { error } from "./hash.js";

const COOKIE = "moments_id";
const YEAR = 31536000; // seconds
const ENGAGED_WITHIN_MS = 7000;
const INTERACTIONS = ["scroll", "click", "keydown"];

const attempt = (f, x) => {
  try {
    return f(x);
  } catch (e) {}
};

// randomUUID exists only in secure contexts; an http page still needs ids unique enough to dedupe
const randomId = () => globalThis.crypto?.randomUUID?.() || Date.now().toString(36) + Math.random().toString(36).slice(1);

/** Creates a client. Never throws: problems go to options.onError. See README for the options. */
export function init(options) {
  const o = options || {};
  const g = globalThis;
  const env = (k, fallback) => (k in o ? o[k] : fallback);
  const win = env("window", g.window);
  const doc = env("document", g.document);
  const nav = env("navigator", g.navigator);
  const storage = env("storage", attempt(() => g.localStorage));
  const fetchFn = o.fetch || ((u, r) => g.fetch(u, r));
  const now = o.now || Date.now;
  const later = (f, ms) => {
    const t = (o.setTimeout || setTimeout)(f, ms);
    t?.unref?.(); // telemetry never keeps a Node process alive
    return t;
  };
  const cancel = (t) => (o.clearTimeout || clearTimeout)(t);
  const host = (o.host || "").replace(/\/+$/, "");
  const auth = { Authorization: "Bearer " + o.clientKey };
  const defaults = o.defaults || {};
  let lastWarning = -1e9;
  const report = (e) =>
    attempt(() => {
      if (o.onError) return o.onError(e);
      if (now() - lastWarning > 999) console.warn(e.message), (lastWarning = now()); // at most one a second
    });

  // a public method never throws: its error goes to onError and the fallback answers instead
  const guard = (f, fallback) => (...args) => {
    try {
      return f(...args);
    } catch (e) {
      report(e);
      return fallback?.(...args);
    }
  };

  let moments = new Map(), configLoaded, readyPromise;
  const memo = new Map();
  const useConfig = guard((c) => {
    moments = loadConfig(c);
    memo.clear();
    configLoaded = 1;
  });
  if (o.config) useConfig(o.config);

  // identity: given by the host, else cookie or localStorage (only with consent), else made here
  let consented = o.requireConsent ? undefined : true;
  const keepId = (id, maxAge) => {
    attempt(() => {
      doc.cookie = `${COOKIE}=${encodeURIComponent(id)};Max-Age=${maxAge};Path=/;SameSite=Lax` +
        (o.cookieDomain ? ";Domain=" + o.cookieDomain : "") + (win.location.protocol == "https:" ? ";Secure" : "");
    });
    attempt(() => (maxAge ? storage.setItem(COOKIE, id) : storage.removeItem(COOKIE)));
  };
  let unitId = o.unitId || null;
  if (!unitId && doc) {
    // a stored id that is not a valid unit id (edited, truncated) is replaced, not kept failing
    if (consented)
      unitId = [
        attempt(() => decodeURIComponent(doc.cookie.match(/(?:^|;\s*)moments_id=([^;]+)/)[1])),
        attempt(() => storage.getItem(COOKIE)),
      ].find(validUnitId);
    unitId ||= randomId();
    if (consented) keepId(unitId, YEAR);
  }

  const eventsUrl = host + "/api/v1/events";
  const beaconUrl = eventsUrl + "?key=" + encodeURIComponent(o.clientKey);
  const post = (batch) =>
    Promise.resolve().then(() =>
      fetchFn(eventsUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...auth },
        body: JSON.stringify({ events: batch }),
      })
    );
  const queue = createQueue(
    {
      post,
      later,
      cancel,
      onError: report,
      paused: !consented,
      // text/plain with the key in the URL: a CORS "simple" request, no preflight while the page unloads
      beacon(batch) {
        const body = JSON.stringify({ events: batch });
        attempt(() => nav.sendBeacon(beaconUrl, new Blob([body], { type: "text/plain" }))) ||
          attempt(() => fetchFn(beaconUrl, { method: "POST", body, keepalive: true }).catch(report));
      },
    },
    o
  );
  const checkId = (id) => {
    if (!validUnitId(id)) throw error("invalid unit id " + JSON.stringify(id));
  };
  // guarded: an event that cannot be queued must not cost the page its assignment
  const event = guard((type, id, attributes, fields) => {
    if (consented === false) return;
    queue.push({ id: randomId(), type, unitId: id, ...fields, timestamp: new Date(now()).toISOString(), attributes: attributes || {} });
  });

  // a QA preview link (moments_force) and an ad click's landing URL (moments_ad) name "exp:variant" pairs;
  // moments_sig is the server's signature of that link, without which a client key's forced or ad exposure does not count
  const param = (name) => attempt(() => new URLSearchParams(win.location.search).get(name));
  const fromUrl = { force: param(o.forceParam || "moments_force"), ad: param("moments_ad"), sig: param("moments_sig") };
  const exposed = new Set();
  const onPageHide = [];
  let engagementStarted;

  // a rollout is not an experiment: it logs nothing and inExperiment is false (as in the Java SDK)
  const result = (moment, d) => ({
    moment,
    experiment: d?.exp.key ?? null,
    variant: d?.variant.key ?? null,
    payload: d?.variant.payload || defaults[moment] || {},
    forced: !!d?.forced,
    rollout: !!d?.rollout,
    ad: !!d?.ad,
    inExperiment: !!d && !d.rollout,
  });

  const client = {
    get unitId() {
      return unitId;
    },

    assign: guard((moment, ctx) => {
      // the client's own visitor and attributes never change: decide each moment once per config
      if (!ctx && memo.has(moment)) return memo.get(moment);
      const c = ctx || {};
      const id = c.unitId || unitId;
      let attributes = c.attributes && o.attributes ? { ...o.attributes, ...c.attributes } : c.attributes || o.attributes;
      for (const k in fromUrl) if (fromUrl[k]) attributes = { ...attributes, [k]: [fromUrl[k], attributes?.[k]].join() };
      const d = decide(moments.get(moment), id, attributes);
      if (!d) checkId(id); // decide() gives nothing for an invalid id: say why
      const { exp, variant, forced, rollout, ad } = d || {};
      const seen = id + "\n" + exp?.key;
      if (exp && !rollout && !exposed.has(seen)) {
        if (exposed.size > 1e4) exposed.clear(); // a long-running server: bound the memory
        exposed.add(seen);
        event("exposure", id, attributes, { experiment: exp.key, variant: variant.key, forced: forced || undefined, source: ad ? "ad" : undefined });
      }
      const r = result(moment, d);
      if (!ctx) memo.set(moment, r);
      return r;
    }, (moment) => result(moment)),

    track: guard((metric, value, ctx = {}) => {
      const id = ctx.unitId || unitId;
      // a metric key as the server checks it: a refused key is reported here, never sent
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(metric) || typeof metric != "string") throw error("bad metric " + JSON.stringify(metric));
      if (value != null && !isFinite(value)) throw error("bad value " + value);
      checkId(id);
      event("conversion", id, ctx.attributes || o.attributes, { metric, value: value == null ? undefined : +value });
    }),

    consent: guard((granted) => {
      consented = !!granted;
      if (doc && !o.unitId) keepId(granted ? unitId : "", granted ? YEAR : 0);
      if (granted) return queue.resume();
      queue.pause(true);
    }),

    flush: () => queue.flush(),

    ready() {
      return (readyPromise ||= (
        configLoaded
          ? Promise.resolve()
          : new Promise((resolve) => {
              let late;
              const timer = later(() => resolve((late = 1), report(error("config timed out"))), o.timeout ?? 1500);
              Promise.resolve()
                .then(() => fetchFn(host + "/api/v1/sdk/config", { headers: auth }))
                .then((r) => (r.ok ? r.json() : Promise.reject(error("config HTTP " + r.status))))
                .then((c) => late || useConfig(c)) // a late config would change a page already shown
                .catch(report)
                .then(() => resolve(cancel(timer)));
            })
      ).then(() => client));
    },

    antiFlicker: guard((selector, ms) => {
      const style = doc.createElement("style");
      style.textContent = selector + "{visibility:hidden!important}";
      doc.head.appendChild(style);
      const reveal = () => style.remove();
      later(reveal, ms ?? 1000);
      // a macrotask later, so that the page's own ready().then(render) runs first
      client.ready().then(() => later(reveal, 0));
      return reveal;
    }, () => () => {}),

    trackEngagement: guard((moment, ctx) => {
      client.assign(moment, ctx);
      if (engagementStarted || !win) return;
      engagementStarted = 1;
      const start = now();
      let interacted, left;
      const listen = (how) => INTERACTIONS.map((t) => win[how + "EventListener"](t, interact, true)); // capture
      const interact = () => {
        if (!interacted && now() - start <= ENGAGED_WITHIN_MS) client.track("engaged", undefined, ctx);
        interacted = 1;
        listen("remove");
      };
      listen("add");
      onPageHide.push(() => {
        if (left) return;
        left = 1;
        if (!interacted) client.track("bounce", undefined, ctx);
        client.track("time_on_page", (now() - start) / 1000, ctx);
      });
    }),
  };

  attempt(() => {
    win.addEventListener("pagehide", () => {
      onPageHide.map(attempt);
      queue.beacon();
    });
    doc.addEventListener("visibilitychange", () => doc.visibilityState == "hidden" && queue.beacon());
  });
  return client;
}
