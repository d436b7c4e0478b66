// assign() results, exposures, force, ready(), antiFlicker(), engagement, errors, server-side use.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../dist/index.mjs";
import { browser, heroConfig, fakeFetch, response } from "./fakes.mjs";

const exposures = (env) => env.fetch.events().filter((e) => e.type == "exposure");

test("assign returns the variant and its payload, and logs one exposure per experiment", async () => {
  const env = browser();
  const m = init(env.options());
  const a = m.assign("fmot.landing-hero");
  assert.equal(a.moment, "fmot.landing-hero");
  assert.equal(a.experiment, "hero-2026-11");
  assert.ok(["control", "bold"].includes(a.variant));
  assert.deepEqual(a.payload, { layout: a.variant == "bold" ? "bold" : "classic" });
  assert.equal(a.inExperiment, true);
  assert.equal(a.forced, false);
  assert.deepEqual(m.assign("fmot.landing-hero"), a, "stable within the page");
  await env.clock.tick(1000);
  assert.equal(exposures(env).length, 1);
});

test("both variants occur across visitors, roughly half each", () => {
  const env = browser();
  const m = init(env.options({ onError: assert.fail }));
  let bold = 0;
  for (let i = 0; i < 2000; i++) bold += m.assign("fmot.landing-hero", { unitId: "v" + i }).variant == "bold";
  assert.ok(bold > 900 && bold < 1100, "bold " + bold + " of 2000");
});

test("a moment without an experiment gives variant null and the defaults payload", async () => {
  const env = browser();
  const m = init(env.options({ defaults: { "zmot.search-ad": { headline: "Fast" } } }));
  const a = m.assign("zmot.search-ad");
  assert.deepEqual(a, {
    moment: "zmot.search-ad", experiment: null, variant: null, payload: { headline: "Fast" },
    forced: false, rollout: false, ad: false, inExperiment: false,
  });
  assert.deepEqual(m.assign("unknown").payload, {});
  await env.clock.tick(1000);
  assert.equal(env.fetch.calls.length, 0);
  assert.deepEqual(env.errors, []);
});

test("a stopped experiment's rollout assigns its variant without an exposure", async () => {
  const env = browser();
  const m = init(env.options({ config: heroConfig({ status: "stopped", rollout: "bold" }) }));
  const a = m.assign("fmot.landing-hero");
  assert.equal(a.variant, "bold");
  assert.equal(a.rollout, true);
  assert.equal(a.inExperiment, false);
  await env.clock.tick(1000);
  assert.equal(exposures(env).length, 0);
});

test("the moments_force URL parameter forces a variant and the exposure says forced", async () => {
  const ids = ["a", "b", "c", "d", "e", "f"];
  for (const variant of ["control", "bold"]) {
    const env = browser({ href: "https://shop.example.com/?utm_source=ad&moments_force=hero-2026-11:" + variant });
    for (const id of ids) {
      const a = init(env.options({ unitId: id })).assign("fmot.landing-hero");
      assert.equal(a.variant, variant);
      assert.equal(a.forced, true);
    }
    await env.clock.tick(1000);
    assert.ok(exposures(env).every((e) => e.forced === true && e.variant === variant));
  }
});

test("an ad click's moments_ad URL parameter picks the ad variant, counted, with source ad", async () => {
  const ads = [{ key: "a", weight: 50, kind: "ad", payload: { headline: "Free" } }, { key: "b", weight: 50, kind: "ad", payload: { headline: "Fast" } }];
  const config = { experiments: [{ key: "search-ad", moment: "zmot.search-ad", salt: "s", status: "running", ranges: [[0, 10000]], variants: ads }] };
  for (const variant of ["a", "b"]) {
    const env = browser({ href: "https://shop.example.com/?gclid=x&moments_ad=search-ad:" + variant + "&moments_sig=1893456000.sig-" + variant });
    for (const id of ["u1", "u2", "u3", "u4"]) {
      const a = init(env.options({ config, unitId: id })).assign("zmot.search-ad");
      assert.deepEqual([a.variant, a.ad, a.forced, a.inExperiment], [variant, true, false, true]);
    }
    await env.clock.tick(1000);
    assert.deepEqual(exposures(env).map((e) => [e.variant, e.source, e.forced]), Array(4).fill([variant, "ad", undefined]));
    // the link's signature travels with the exposure: without it the server does not count a client key's ad click
    // (a comma-separated list, as for moments_force and moments_ad: the server tries each entry)
    assert.ok(exposures(env).every((e) => e.attributes.sig.split(",").includes("1893456000.sig-" + variant)));
  }
});

test("forceParam renames the URL parameter; an unknown variant is ignored", () => {
  const env = browser({ href: "https://shop.example.com/?v=hero-2026-11:bold&moments_force=hero-2026-11:nope" });
  assert.equal(init(env.options({ forceParam: "v" })).assign("fmot.landing-hero").variant, "bold");
  const ignored = init(env.options()).assign("fmot.landing-hero");
  assert.equal(ignored.forced, false);
  assert.equal(ignored.inExperiment, true);
});

test("the force attribute works without a URL (e.g. on a server)", () => {
  const m = init({ config: heroConfig(), window: null, document: null, fetch: fakeFetch() });
  const a = m.assign("fmot.landing-hero", { unitId: "u1", attributes: { force: "hero-2026-11:control" } });
  assert.equal(a.variant, "control");
  assert.equal(a.forced, true);
});

test("targeting uses the client's attributes merged with the call's", () => {
  const config = heroConfig({ targeting: { all: [{ attribute: "device", op: "eq", value: "mobile" }, { attribute: "channel", op: "eq", value: "ad" }] } });
  const env = browser();
  const m = init(env.options({ config, attributes: { device: "mobile" } }));
  assert.equal(m.assign("fmot.landing-hero").experiment, null);
  assert.equal(m.assign("fmot.landing-hero", { attributes: { channel: "ad" } }).experiment, "hero-2026-11");
});

test("an op inherited from Object.prototype is a malformed condition", () => {
  const env = browser();
  init(env.options({ config: heroConfig({ targeting: { attribute: "x", op: "toString", value: 1 } }) }));
  assert.equal(env.errors.length, 1);
});

test("never throws: bad config, bad metric, bad unit id, throwing onError", () => {
  const env = browser();
  const m = init(env.options({ config: heroConfig({ targeting: { attribute: "x", op: "between", value: 1 } }) }));
  assert.match(env.errors[0].message, /bad/, "a malformed targeting rejects the config");
  assert.equal(m.assign("fmot.landing-hero").variant, null);
  m.track("");
  m.track("revenue", NaN);
  assert.equal(env.errors.length, 3);
  assert.equal(m.assign("fmot.landing-hero", { unitId: "x".repeat(257) }).variant, null);
  assert.equal(env.errors.length, 4);
  const loud = init({ config: { experiments: 7 }, onError: () => { throw new Error("boom"); }, window: null, document: null });
  assert.equal(loud.assign("m").variant, null);
  loud.track("x");
  loud.consent(true);
  assert.doesNotThrow(() => init(null).assign(undefined));
});

test("a config whose weights sum to 0 is reported, and the page gets the defaults, not the first variant", () => {
  const env = browser();
  const variants = [{ key: "control", weight: 0 }, { key: "bold", weight: 0 }];
  const m = init(env.options({ config: heroConfig({ variants }), defaults: { "fmot.landing-hero": { layout: "safe" } } }));
  assert.match(env.errors[0]?.message ?? "", /moments: bad/);
  assert.deepEqual(m.assign("fmot.landing-hero"), {
    moment: "fmot.landing-hero", experiment: null, variant: null, payload: { layout: "safe" }, forced: false, rollout: false, ad: false, inExperiment: false,
  });
});

test("an event that cannot be queued does not cost the page its assignment", () => {
  const env = browser();
  const m = init(env.options({ setTimeout: () => { throw new Error("no timers here"); } }));
  assert.equal(m.assign("fmot.landing-hero").experiment, "hero-2026-11");
  assert.match(env.errors[0].message, /no timers/);
});

test("the default onError warns on the console at most once a second", () => {
  const warnings = [];
  const original = console.warn;
  console.warn = (msg) => warnings.push(msg);
  try {
    let t = 0;
    const m = init({ now: () => t, window: null, document: null });
    m.track("a"); // no unit id on a server: an error
    m.track("b");
    t = 999;
    m.track("c");
    t = 1000;
    m.track("d");
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /^moments: invalid unit id/);
  } finally {
    console.warn = original;
  }
});

test("server-side: no document, unit ids per call, events tagged with them", async () => {
  const fetch = fakeFetch();
  const m = init({ host: "https://ab.example.com/", clientKey: "sk", config: heroConfig(), fetch, window: null, document: null, navigator: null, onError: assert.fail });
  assert.equal(m.unitId, null);
  const a = m.assign("fmot.landing-hero", { unitId: "visitor-1", attributes: { device: "desktop" } });
  const b = m.assign("fmot.landing-hero", { unitId: "visitor-2" });
  m.track("signup", undefined, { unitId: "visitor-1" });
  await m.flush();
  assert.equal(fetch.calls[0].url, "https://ab.example.com/api/v1/events");
  assert.deepEqual(fetch.events().map((e) => [e.type, e.unitId, e.variant]), [
    ["exposure", "visitor-1", a.variant],
    ["exposure", "visitor-2", b.variant],
    ["conversion", "visitor-1", undefined],
  ]);
});

test("ready() without a config fetches it with the client key, then assigns", async () => {
  const env = browser({ fetchAnswers: [response(200, heroConfig())] });
  const m = init(env.options({ config: undefined }));
  assert.equal(m.assign("fmot.landing-hero").variant, null, "nothing before the config");
  const got = await m.ready();
  assert.equal(got, m);
  const call = env.fetch.calls[0];
  assert.equal(call.url, "https://ab.example.com/api/v1/sdk/config");
  assert.equal(call.init.headers.Authorization, "Bearer pk_test");
  assert.equal(m.assign("fmot.landing-hero").experiment, "hero-2026-11");
});

test("ready() with an inlined config resolves without a request", async () => {
  const env = browser();
  const m = init(env.options());
  await m.ready();
  assert.equal(env.fetch.calls.length, 0);
});

test("ready() resolves at the timeout and ignores a config arriving later", async () => {
  let answer;
  const env = browser({ fetchAnswers: [() => new Promise((r) => (answer = r))] });
  const m = init(env.options({ config: undefined, timeout: 500 }));
  let resolved = false;
  m.ready().then(() => (resolved = true));
  await env.clock.tick(499);
  assert.equal(resolved, false);
  await env.clock.tick(1);
  assert.equal(resolved, true);
  assert.match(env.errors[0].message, /timed out/);
  answer(response(200, heroConfig()));
  await env.clock.tick(0);
  assert.equal(m.assign("fmot.landing-hero").variant, null, "the page keeps what it showed");
});

test("ready() resolves when the config request fails", async () => {
  const env = browser({ fetchAnswers: [response(401, {})] });
  const m = init(env.options({ config: undefined }));
  await m.ready();
  assert.match(env.errors[0].message, /401/);
});

test("antiFlicker hides the selector until ready() has resolved", async () => {
  let answer;
  const env = browser({ fetchAnswers: [() => new Promise((r) => (answer = r))] });
  const m = init(env.options({ config: undefined }));
  m.antiFlicker("#hero", 3000);
  const style = env.document.head.children[0];
  assert.equal(style.textContent, "#hero{visibility:hidden!important}");
  let rendered;
  m.ready().then(() => (rendered = m.assign("fmot.landing-hero").variant));
  await env.clock.tick(100);
  assert.equal(env.document.head.children.length, 1, "still hidden while the config loads");
  answer(response(200, heroConfig()));
  await env.clock.tick(0);
  assert.ok(rendered, "the page rendered its variant");
  assert.equal(env.document.head.children.length, 0, "then revealed");
});

test("antiFlicker reveals at the deadline, always", async () => {
  const env = browser({ fetchAnswers: [() => new Promise(() => {})] });
  const m = init(env.options({ config: undefined, timeout: 60000 }));
  m.antiFlicker(".hero", 800);
  await env.clock.tick(799);
  assert.equal(env.document.head.children.length, 1);
  await env.clock.tick(1);
  assert.equal(env.document.head.children.length, 0);
});

// a page that tracks engagement on the hero moment; sent() reads every event, fetched or beaconed
function engagementPage() {
  const env = browser();
  init(env.options()).trackEngagement("fmot.landing-hero");
  env.sent = async () => [...env.fetch.events(), ...(await env.navigator.events())];
  return env;
}

test("trackEngagement: an interaction within 7 s is engaged; leaving sends time_on_page", async () => {
  const env = engagementPage();
  await env.clock.tick(2000);
  env.window.dispatch("scroll");
  env.window.dispatch("click");
  await env.clock.tick(10500);
  env.window.dispatch("pagehide");
  const events = await env.sent();
  assert.deepEqual(events.map((e) => e.metric || e.type), ["exposure", "engaged", "time_on_page"]);
  assert.equal(events[2].value, 12.5);
  assert.equal(env.window.count("click"), 0, "listeners removed after the first interaction");
});

test("trackEngagement: leaving without any interaction is a bounce", async () => {
  const env = engagementPage();
  await env.clock.tick(3000);
  env.window.dispatch("pagehide");
  env.window.dispatch("pagehide"); // bfcache round trip: counted once
  const metrics = (await env.sent()).map((e) => e.metric).filter(Boolean);
  assert.deepEqual(metrics, ["bounce", "time_on_page"]);
});

test("trackEngagement: a first interaction after 7 s is neither engaged nor a bounce", async () => {
  const env = engagementPage();
  await env.clock.tick(7001);
  env.window.dispatch("keydown");
  env.window.dispatch("pagehide");
  assert.deepEqual((await env.sent()).map((e) => e.metric).filter(Boolean), ["time_on_page"]);
});
