// Hand-made stand-ins for the browser and the network, so client tests control time and I/O.

/** A manual clock: timers run only when the test advances time. */
export function fakeClock(start = Date.parse("2026-11-23T10:00:00Z")) {
  let now = start, seq = 0;
  const timers = new Map();
  const settle = () => new Promise((r) => setImmediate(r));
  return {
    now: () => now,
    setTimeout: (f, ms) => (timers.set(++seq, { at: now + (ms || 0), f }), seq),
    clearTimeout: (id) => timers.delete(id),
    pending: () => timers.size,
    /** Advances time by ms, running due timers in order and letting promise chains settle. */
    async tick(ms = 0) {
      const end = now + ms;
      await settle();
      for (;;) {
        const due = [...timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].f();
        await settle();
      }
      now = end;
      await settle();
    },
  };
}

export const response = (status, body = { accepted: 1, duplicates: 0, rejected: [] }, headers = {}) => ({
  ok: status >= 200 && status < 300,
  status,
  headers: { get: (k) => headers[k] ?? null },
  json: async () => body,
});

/** Records requests; answers from `answers` (responses, Errors to reject with, or functions). */
export function fakeFetch(...answers) {
  const calls = [];
  const fetch = async (url, init = {}) => {
    calls.push({ url, init, body: init.body && typeof init.body == "string" ? JSON.parse(init.body) : init.body });
    let a = answers.length > 1 ? answers.shift() : answers[0] ?? response(202);
    if (typeof a == "function") a = a(url, init);
    if (a instanceof Error) throw a;
    return a;
  };
  fetch.calls = calls;
  fetch.events = () => calls.filter((c) => c.url.includes("/events")).flatMap((c) => c.body.events);
  return fetch;
}

function listeners() {
  const map = {};
  return {
    addEventListener: (t, f) => (map[t] ||= []).push(f),
    removeEventListener: (t, f) => (map[t] = (map[t] || []).filter((g) => g !== f)),
    dispatch: (t, e = {}) => (map[t] || []).slice().forEach((f) => f(e)),
    count: (t) => (map[t] || []).length,
  };
}

/** A document whose cookie property behaves like a browser's cookie jar (name=value pairs). */
export function fakeDocument(cookie = "", referrer = "") {
  const pair = (p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]; // a value may hold "="
  const jar = new Map(cookie ? cookie.split("; ").map(pair) : []);
  const head = { children: [], appendChild: (el) => (head.children.push(el), (el.parentNode = head), el) };
  head.removeChild = (el) => (head.children = head.children.filter((c) => c !== el));
  return {
    ...listeners(),
    writes: [],
    referrer,
    documentElement: { style: {} },
    visibilityState: "visible",
    head,
    createElement: (tag) => ({ tag, textContent: "", remove() { head.removeChild(this); } }),
    get cookie() {
      return [...jar].map(([k, v]) => k + "=" + v).join("; ");
    },
    set cookie(s) {
      this.writes.push(s);
      const [first, ...attrs] = s.split(";");
      const [k, v] = pair(first);
      const maxAge = attrs.map((a) => a.trim()).find((a) => /^max-age=/i.test(a));
      if (maxAge && +maxAge.split("=")[1] <= 0) jar.delete(k);
      else jar.set(k, v);
    },
  };
}

export function fakeWindow(href = "https://shop.example.com/landing") {
  const u = new URL(href);
  const location = { href, protocol: u.protocol, search: u.search, replaced: [], replace: (url) => location.replaced.push(String(url)) };
  return { ...listeners(), location };
}

export function fakeStorage(init = {}) {
  const m = new Map(Object.entries(init));
  return { getItem: (k) => m.get(k) ?? null, setItem: (k, v) => m.set(k, String(v)), removeItem: (k) => m.delete(k), map: m };
}

export function fakeNavigator(accept = true) {
  const beacons = [];
  return {
    beacons,
    sendBeacon(url, body) {
      beacons.push({ url, body });
      return accept;
    },
    /** The events of every beacon so far. */
    async events() {
      return beacons.flatMap((b) => JSON.parse(b.body).events);
    },
  };
}

/** The visitor record as the SDK stores it: URI-encoded JSON {"id","s","a","u"}. */
export const record = (value) => JSON.parse(decodeURIComponent(value));
export const recordValue = (r) => encodeURIComponent(JSON.stringify(r));
export const cookieOf = (doc) => /(?:^|; )moments_id=([^;]*)/.exec(doc.cookie)?.[1];

/** A config with one running 50/50 experiment on fmot.landing-hero covering all traffic. */
export function heroConfig(overrides = {}) {
  return {
    version: "v1",
    moments: [{ key: "fmot.landing-hero", stage: "FMOT" }],
    experiments: [
      {
        key: "hero-2026-11",
        moment: "fmot.landing-hero",
        salt: "hero-salt",
        status: "running",
        trafficPercent: 100,
        ranges: [[0, 10000]],
        variants: [
          { key: "control", weight: 50, payload: { layout: "classic" } },
          { key: "bold", weight: 50, payload: { layout: "bold" } },
        ],
        targeting: null,
        rollout: null,
        ...overrides,
      },
    ],
  };
}

/** A browser-like environment for init(): clock, fetch, window, document, navigator, storage. */
export function browser({ cookie = "", href, referrer = "", storage = {}, fetchAnswers = [], beaconAccepts = true } = {}) {
  const clock = fakeClock();
  const env = {
    clock,
    fetch: fakeFetch(...fetchAnswers),
    window: fakeWindow(href),
    document: fakeDocument(cookie, referrer),
    navigator: fakeNavigator(beaconAccepts),
    storage: fakeStorage(storage),
    errors: [],
  };
  env.options = (more = {}) => ({
    host: "https://ab.example.com",
    clientKey: "pk_test",
    config: heroConfig(),
    fetch: env.fetch,
    window: env.window,
    document: env.document,
    navigator: env.navigator,
    storage: env.storage,
    now: clock.now,
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    onError: (e) => env.errors.push(e),
    ...more,
  });
  return env;
}
