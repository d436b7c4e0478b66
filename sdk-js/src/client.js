// The client a page (or a Node server) talks to. Everything environment-specific (fetch, timers,
// window, document, navigator, storage) is looked up once here and may be injected, so tests and
// server-side rendering run the same code as the browser.
import { loadConfig, decide, validUnitId, held, isString } from "./engine.js";
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
export const init = (options) => {
  // a copy: spreading a string, a number or null never throws. An option whose wrong type would throw
  // or hang (a number for host, a string for now) is left out, as if not given, and reported below.
  const o = { ...options }, bad = [];
  for (const k of "host onError fetch now setTimeout clearTimeout".split(" "))
    o[k] != null && typeof o[k] != (k == "host" ? "string" : "function") && bad.push(k) && delete o[k];
  const g = globalThis;
  const env = (k, fallback = g[k]) => (k in o ? o[k] : fallback);
  const win = env("window");
  const doc = env("document");
  const nav = env("navigator");
  const storage = env("storage", attempt(() => g.localStorage));
  // async: a fetch that throws (none in this environment, a bad argument) rejects instead
  const fetchFn = async (u, r) => (o.fetch || g.fetch)(u, r);
  const now = o.now || Date.now;
  const later = (f, ms) => {
    const t = (o.setTimeout || setTimeout)(f, ms);
    // telemetry never keeps a Node process alive (the <script> build defines BROWSER, see build.mjs)
    if (typeof BROWSER == "undefined") t?.unref?.();
    return t;
  };
  const cancel = (t) => (o.clearTimeout || clearTimeout)(t);
  const host = (o.host || "").replace(/\/+$/, "");
  const auth = { Authorization: "Bearer " + o.clientKey };
  const defaults = o.defaults || {};
  const last = {};
  // each kind of error (its message up to a digit or quote: "bad value", "event queue full") at most
  // once a second, to onError or the console: a page repeating a mistake in a loop does not flood it
  const report = (e) =>
    attempt(() => {
      const kind = /[^"\d]*/.exec(e?.message)[0];
      if (now() - last[kind] < 1e3) return;
      last[kind] = now();
      o.onError ? o.onError(e) : console.warn(e.message);
    });
  bad.map((k) => report(error("bad option " + k)));

  // a public method never throws: its error goes to onError and the fallback answers instead
  const guard = (f, fallback) => (...args) => {
    try {
      return f(...args);
    } catch (e) {
      report(e);
      return fallback?.(args[0]);
    }
  };

  // identity: given by the host, else the visitor record of cookie or localStorage (only with
  // consent), else made here. The record, {"id","s","a","u"} as URI-encoded JSON, also holds sticky
  // variants (s: {experiment: variant}), remembered ad clicks (a: the same) and the first visit's
  // attributes (u); an old record is the id alone.
  let consented = o.requireConsent ? undefined : true;
  let rec = { s: {}, a: {}, u: {} };
  const here = attempt(() => new URL(win.location.href));
  const keep = (v, maxAge) => {
    attempt(() => (doc.cookie = `${COOKIE}=${v};Max-Age=${maxAge};Path=/;SameSite=Lax` +
        (o.cookieDomain ? ";Domain=" + o.cookieDomain : "") + (here?.protocol == "https:" ? ";Secure" : "")));
    attempt(() => (maxAge ? storage.setItem(COOKIE, v) : storage.removeItem(COOKIE)));
  };
  const save = () => consented && doc && !o.unitId && keep(encodeURIComponent(JSON.stringify(rec)), YEAR);
  // sticky variants and remembered ad clicks: the newest entry last, the oldest dropped beyond 10
  const put = (map, k, v) => {
    delete map[k];
    map[k] = v;
    const keys = Object.keys(map);
    keys[10] && delete map[keys[0]]; // at most 10 entries
    save();
  };
  const read = (v) => {
    const r = (v = decodeURIComponent(v))[0] == "{" ? JSON.parse(v) : { id: v };
    for (const k of "sau") r[k] = { ...r[k] }; // whatever an edited cookie holds
    return r;
  };
  let unitId = o.unitId || null;
  const stored =
    consented && doc && !unitId &&
    [attempt(() => doc.cookie.match(/(?:^|;\s*)moments_id=([^;]+)/)[1]), attempt(() => storage.getItem(COOKIE))]
      .map((v) => v && attempt(read, v))
      .find((r) => validUnitId(r?.id));
  if (stored) rec = stored;
  if (doc && !unitId) unitId = rec.id ||= randomId();
  if (!stored && here) {
    // a first visit: where the visitor came from, kept as attributes of every later assignment and event
    // as the server's /r/ does: the first value of each, kept whole or, over 100 characters, not at all (a cut
    // could split a character in two, which the server refuses with the event)
    for (const [k, v] of here.searchParams) /^utm_(source|medium|campaign|content)$/.test(k) && v && !v[100] && (rec.u[k] ??= v);
    const from = attempt(() => new URL(doc.referrer).hostname); // none: undefined, left out of JSON
    if (from != here.hostname) rec.u.referrer_host = from;
    rec.u.paid = /[?&](gcl|fbcl|mscl|ttcl)id=/.test(here.search);
  }

  let moments = new Map(), configLoaded, readyPromise;
  const memo = new Map();
  const useConfig = guard((c) => {
    moments = loadConfig(c);
    memo.clear();
    configLoaded = 1;
    // entries of experiments that ended (no longer in the config) are dropped
    for (const k of "sa") for (const n in rec[k]) c.experiments.some((e) => e.key == n) || delete rec[k][n];
  });
  if (o.config) useConfig(o.config);
  save(); // also renews the cookie for another year

  const eventsUrl = host + "/api/v1/events";
  const beaconUrl = eventsUrl + "?key=" + encodeURIComponent(o.clientKey);
  // a fetch that fails with no answer (typically a keep-alive connection the server closed as the
  // batch went out) is sent again at once, once, on a new connection: the event ids keep it from
  // counting twice, and flush() still resolves only after the batch got through or was given up to
  // the backoff
  const post = (
    batch,
    f = () =>
      fetchFn(eventsUrl, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...auth },
        body: JSON.stringify({ events: batch }),
      })
  ) => f().catch(f);
  const queue = createQueue(
    {
      post,
      later,
      cancel,
      report,
      paused: !consented,
      // a string body goes as text/plain;charset=UTF-8 and the key in the URL: a CORS "simple" request,
      // no preflight while the page unloads
      beacon(batch) {
        const body = JSON.stringify({ events: batch });
        attempt(() => nav.sendBeacon(beaconUrl, body)) ||
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
    queue.push({ id: randomId(), type, unitId: id, ...fields, timestamp: new Date(now()).toISOString(), attributes });
  });

  const exposed = new Set();
  let leave; // trackEngagement's pagehide half, once started
  const expose = (id, attributes, experiment, variant, source, forced) => {
    const seen = id + "\n" + experiment;
    if (exposed.has(seen)) return;
    if (typeof BROWSER == "undefined" && exposed.size > 1e4) exposed.clear(); // a long-running server: bound the memory
    exposed.add(seen);
    event("exposure", id, attributes, { experiment, variant, forced: forced || undefined, source });
  };

  // explicit attributes win over the first visit's (the page visitor's only)
  const attributesOf = (id, c) => ({ ...(id == unitId && rec.u), ...o.attributes, ...c?.attributes });

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

  // decides a moment, and when shown(decision) agrees logs it: holdout exposures, the exposure,
  // the sticky variant and the ad click to remember. The page's own visitor is decided once per config.
  const pick = (moment, ctx, shown) => {
    if (!ctx && memo.has(moment)) return memo.get(moment);
    const id = ctx?.unitId || unitId, own = id == unitId; // the record is the page visitor's only
    const attributes = attributesOf(id, ctx);
    // a QA preview link (moments_force) and an ad click's landing URL (moments_ad) name "exp:variant" pairs, which
    // come before the caller's; moments_sig is the server's signature of that link, without which a client key's
    // forced or ad exposure does not count
    for (const k of ["force", "ad", "sig"]) {
      const v = here?.searchParams.get((k == "force" && o.forceParam) || "moments_" + k);
      if (v) attributes[k] = [v, attributes[k]].join();
    }
    // the URL's click first, then the caller's, then the clicks remembered from earlier visits
    const ads = [attributes.ad, ...Object.entries(own && rec.a).map((e) => e.join(":"))].filter(isString);
    if (ads[0]) attributes.ad = ads.join();
    const m = moments.get(moment);
    let d = decide(m, id, attributes, own && rec.s);
    if (!d) checkId(id); // decide() gives nothing for an invalid id: say why
    // every unit reaching a held-out moment is logged, in the holdout or not (a force is a preview)
    d?.forced || m?.holds.map((h) => expose(id, attributes, h.key, held(h, id) ? "holdout" : "exposed", "holdout"));
    if (d && shown(d)) {
      const { exp, variant, forced, rollout, ad, store } = d;
      if (own && store) put(rec.s, exp.key, variant.key);
      if (own && ad) put(rec.a, exp.key, variant.key);
      if (!rollout) expose(id, attributes, exp.key, variant.key, ad ? "ad" : undefined, forced);
    } else d = null;
    const r = result(moment, d);
    if (!ctx) memo.set(moment, r);
    return r;
  };

  const client = {
    get unitId() {
      return unitId;
    },

    assign: guard((moment, ctx) => pick(moment, ctx, () => 1), result),

    // a split-URL test: a variant with a url is shown by leaving for it before the first paint
    redirect: guard((moment, ctx) => {
      let target, t;
      const url = (v) => v.url && new URL(v.url, here);
      // a variant's page: its path, and a query that starts with the variant url's own
      const page = (v) => (t = url(v)) && t.origin + t.pathname == here.origin + here.pathname && here.search.startsWith(t.search);
      const r = pick(moment, ctx, (d) =>
        // on a variant's page nobody is sent on (no loop): shown there only when it is theirs.
        // Elsewhere a visitor whose exposure cannot be sent yet (no consent) is not in the test.
        d.exp.variants.some(page) ? page(d.variant) : consented && ((target = url(d.variant)), 1)
      );
      if (target) {
        // the page's query (utm_*, click ids, moments_*) goes after the variant url's own, and its hash
        if (here.search) target.search += (target.search && "&") + here.search.slice(1);
        target.hash ||= here.hash;
        queue.beacon(); // the exposure, before leaving
        win.location.replace(target);
        doc.documentElement.style.display = "none"; // nothing of this page paints meanwhile
      }
      return r;
    }, result),

    track: guard((metric, value, ctx = {}) => {
      const id = ctx.unitId || unitId;
      // a metric key as the server checks it: a refused key is reported here, never sent
      if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(metric) || !isString(metric)) throw error("bad metric " + JSON.stringify(metric));
      // finite, and written with a digit: isFinite alone takes "", " " (an empty form field), true or [] for 0 or 1
      if (value != null && !(isFinite(value) && /\d/.test(value))) throw error(`bad value "${value}"`);
      checkId(id);
      event("conversion", id, attributesOf(id, ctx), { metric, value: value == null ? undefined : +value });
    }),

    consent: guard((granted) => {
      consented = !!granted;
      if (granted) return save(), queue.resume();
      if (doc && !o.unitId) keep("", 0);
      queue.pause(true);
    }),

    flush: () => queue.flush(),

    ready() {
      return (readyPromise ||= new Promise((resolve) => {
        if (configLoaded) return resolve();
        let late;
        const timer = later(() => resolve((late = 1), report(error("config timed out"))), o.timeout ?? 1500);
        fetchFn(host + "/api/v1/sdk/config", { headers: auth })
          .then((r) => (r.ok ? r.json() : Promise.reject(error("config HTTP " + r.status))))
          .then((c) => late || useConfig(c)) // a late config would change a page already shown
          .catch(report)
          .then(() => resolve(cancel(timer)));
      }).then(() => client));
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
      if (leave || !win) return;
      const start = now();
      let interacted;
      const listen = (how) => INTERACTIONS.map((t) => win[how + "EventListener"](t, interact, true)); // capture
      const interact = () => {
        if (!interacted && now() - start <= ENGAGED_WITHIN_MS) client.track("engaged", undefined, ctx);
        interacted = 1;
        listen("remove");
      };
      listen("add");
      leave = () => {
        leave = () => {}; // the first pagehide only
        if (!interacted) client.track("bounce", undefined, ctx);
        client.track("time_on_page", (now() - start) / 1000, ctx);
      };
    }),
  };

  attempt(() => {
    win.addEventListener("pagehide", () => {
      attempt(leave);
      queue.beacon();
    });
    doc.addEventListener("visibilitychange", () => doc.visibilityState == "hidden" && queue.beacon());
  });
  return client;
};
