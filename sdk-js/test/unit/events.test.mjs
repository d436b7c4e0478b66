// Batching, retries and the beacon, with an injected clock, fetch and navigator.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../dist/index.mjs";
import { browser, response } from "./fakes.mjs";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

test("events wait for the flush interval and go out as one authorised batch", async () => {
  const env = browser();
  const m = init(env.options({ attributes: { device: "mobile" } }));
  const a = m.assign("fmot.landing-hero");
  m.track("signup");
  m.track("revenue", "12.5"); // a numeric string from a form field is sent as a number
  await env.clock.tick(999);
  assert.equal(env.fetch.calls.length, 0, "nothing before the interval");
  await env.clock.tick(1);
  assert.equal(env.fetch.calls.length, 1);
  const { url, init: req, body } = env.fetch.calls[0];
  assert.equal(url, "https://ab.example.com/api/v1/events");
  assert.equal(req.method, "POST");
  assert.equal(req.headers.Authorization, "Bearer pk_test");
  assert.equal(req.headers["Content-Type"], "application/json");
  const [exposure, signup, revenue] = body.events;
  assert.deepEqual(
    { type: exposure.type, unitId: exposure.unitId, experiment: exposure.experiment, variant: exposure.variant },
    { type: "exposure", unitId: m.unitId, experiment: "hero-2026-11", variant: a.variant }
  );
  assert.equal(exposure.forced, undefined, "an ordinary exposure carries no forced flag");
  assert.deepEqual(exposure.attributes, { device: "mobile", paid: false }, "the first visit's attributes too (no click id: paid false)");
  assert.equal(signup.type, "conversion");
  assert.equal(signup.metric, "signup");
  assert.equal(signup.experiment, undefined, "conversions carry no experiment");
  assert.equal(revenue.value, 12.5);
  for (const e of body.events) {
    assert.match(e.timestamp, ISO);
    assert.equal(typeof e.id, "string");
  }
  assert.equal(new Set(body.events.map((e) => e.id)).size, 3, "every event has its own id");
});

test("20 queued events are sent at once, the rest at the next interval", async () => {
  const env = browser();
  const m = init(env.options());
  for (let i = 0; i < 45; i++) m.track("click");
  await env.clock.tick(0);
  assert.deepEqual(env.fetch.calls.map((c) => c.body.events.length), [20, 20]);
  await env.clock.tick(1000);
  assert.deepEqual(env.fetch.calls.map((c) => c.body.events.length), [20, 20, 5]);
});

// isFinite("") is true and +"" is 0: an empty form field's revenue went out as 0, a wrong number counted
// with confidence (and true as 1, [] as 0). A value is a number or a numeric string, else refused.
test("track refuses a value that is no number: an empty or blank string, a boolean, an array", async () => {
  const env = browser();
  const m = init(env.options());
  // a second apart: each kind of error reaches onError at most once a second
  for (const value of ["", "  ", true, false, [], {}]) await env.clock.tick(1000), m.track("revenue", value);
  assert.equal(env.errors.length, 6, env.errors.map((e) => e.message).join("; "));
  assert.match(env.errors[0].message, /^moments: bad value/);
  m.track("revenue", " 7.5 ");
  m.track("revenue", 0);
  await env.clock.tick(1000);
  assert.deepEqual(env.fetch.events().map((e) => e.value), [7.5, 0], "only the numbers went out");
});

// Retry-After is in seconds. Beyond 2^31 - 1 ms setTimeout fires at once, so a hostile or broken header
// made every retry go out immediately: it is capped at 10 minutes, as in the Java SDK.
for (const [header, wait] of [["3", 3000], ["9999999999", 600000]])
  test(`a 503 with Retry-After ${header} is retried after ${wait} ms with the same event ids`, async () => {
    const env = browser({ fetchAnswers: [response(503, {}, { "Retry-After": header }), response(202)] });
    const m = init(env.options());
    m.track("signup");
    await env.clock.tick(1000);
    assert.equal(env.fetch.calls.length, 1);
    await env.clock.tick(wait - 1);
    assert.equal(env.fetch.calls.length, 1, "not before Retry-After");
    await env.clock.tick(1);
    assert.equal(env.fetch.calls.length, 2);
    assert.deepEqual(env.fetch.calls[1].body, env.fetch.calls[0].body);
    await env.clock.tick(60000);
    assert.equal(env.fetch.calls.length, 2, "delivered: no more attempts");
    assert.deepEqual(env.errors, []);
  });

// The server answers 202 with {"accepted","duplicates","rejected"}. A 2xx whose body is not that (a
// captive portal's or a proxy's HTML page) is no receipt: the batch was taken as delivered and lost.
test("a 2xx that is not the server's JSON answer is no receipt: the batch is retried", async () => {
  const portal = { ok: true, status: 200, headers: { get: () => null }, json: async () => JSON.parse("<html>Sign in to the Wi-Fi</html>") };
  const env = browser({ fetchAnswers: [portal, response(200, { message: "ok" }), response(202)] });
  const m = init(env.options());
  m.track("signup");
  await env.clock.tick(1000);
  assert.equal(env.fetch.calls.length, 1);
  await env.clock.tick(1000);
  assert.equal(env.fetch.calls.length, 2, "retried after the backoff's first second");
  await env.clock.tick(2000);
  assert.equal(env.fetch.calls.length, 3, "JSON without a rejected list is no receipt either");
  assert.deepEqual(env.fetch.calls[2].body, env.fetch.calls[0].body, "the same events, ids and all");
  await env.clock.tick(60000);
  assert.equal(env.fetch.calls.length, 3, "delivered: no more attempts");
  assert.deepEqual(env.errors, []);
});

test("network errors back off exponentially, then the batch is dropped with onError", async () => {
  const env = browser({ fetchAnswers: [new TypeError("fetch failed")] });
  const m = init(env.options({ maxRetries: 3 }));
  m.track("signup");
  await env.clock.tick(1000); // first attempt
  const times = [env.clock.now()];
  for (let i = 0; i < 10; i++) {
    const before = env.fetch.calls.length;
    while (env.fetch.calls.length == before && env.clock.pending()) await env.clock.tick(250);
    if (env.fetch.calls.length > before) times.push(env.clock.now());
  }
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  assert.deepEqual(gaps, [1000, 2000, 4000], "1 s, 2 s, 4 s, then no more");
  assert.equal(env.errors.length, 1);
  assert.match(env.errors[0].message, /dropped/);
});

test("a 4xx answer is not retried and is reported", async () => {
  const env = browser({ fetchAnswers: [response(400, { error: { code: "bad" } })] });
  const m = init(env.options());
  m.track("signup");
  await env.clock.tick(60000);
  assert.equal(env.fetch.calls.length, 1);
  assert.equal(env.errors.length, 1);
  assert.match(env.errors[0].message, /400/);
});

test("429 and 5xx without Retry-After are retried", async () => {
  const env = browser({ fetchAnswers: [response(429), response(500), response(202)] });
  const m = init(env.options());
  m.track("signup");
  await env.clock.tick(1000 + 1000 + 2000);
  assert.equal(env.fetch.calls.length, 3);
  assert.deepEqual(env.errors, []);
});

test("pagehide sends the queue with sendBeacon to the ?key= URL as a string (text/plain;charset=UTF-8)", async () => {
  const env = browser();
  const m = init(env.options());
  m.assign("fmot.landing-hero");
  m.track("signup");
  env.window.dispatch("pagehide");
  assert.equal(env.navigator.beacons.length, 1);
  const { url, body } = env.navigator.beacons[0];
  assert.equal(url, "https://ab.example.com/api/v1/events?key=pk_test");
  assert.equal(typeof body, "string", "a string body is sent as text/plain;charset=UTF-8, a CORS-safelisted type");
  const events = await env.navigator.events();
  assert.deepEqual(events.map((e) => e.type), ["exposure", "conversion"]);
  await env.clock.tick(5000);
  assert.equal(env.fetch.calls.length, 0, "beaconed events are not sent again by fetch");
});

test("visibilitychange to hidden beacons; to visible does not", async () => {
  const env = browser();
  const m = init(env.options());
  m.track("signup");
  env.document.visibilityState = "visible";
  env.document.dispatch("visibilitychange");
  assert.equal(env.navigator.beacons.length, 0);
  env.document.visibilityState = "hidden";
  env.document.dispatch("visibilitychange");
  assert.equal(env.navigator.beacons.length, 1);
});

test("a batch waiting for a retry goes out in the beacon, and is not retried after", async () => {
  const env = browser({ fetchAnswers: [response(503), response(202)] });
  const m = init(env.options());
  m.track("signup");
  await env.clock.tick(1000);
  m.track("second");
  env.window.dispatch("pagehide");
  const events = await env.navigator.events();
  assert.deepEqual(events.map((e) => e.metric).sort(), ["second", "signup"]);
  assert.equal(events.find((e) => e.metric == "signup").id, env.fetch.calls[0].body.events[0].id, "same id: counted once");
  await env.clock.tick(60000);
  assert.equal(env.fetch.calls.length, 1, "the retry was cancelled by the beacon");
});

test("a refused beacon falls back to fetch with keepalive", async () => {
  const env = browser({ beaconAccepts: false });
  const m = init(env.options());
  m.track("signup");
  env.window.dispatch("pagehide");
  await env.clock.tick(0);
  assert.equal(env.fetch.calls.length, 1);
  const { url, init: req, body } = env.fetch.calls[0];
  assert.equal(url, "https://ab.example.com/api/v1/events?key=pk_test");
  assert.equal(req.keepalive, true);
  assert.equal(req.headers, undefined, "no Authorization or JSON type: no CORS preflight");
  assert.equal(body.events[0].metric, "signup");
});

test("a beacon carries batches still in flight too, split into batches of 20", async () => {
  const env = browser({ fetchAnswers: [() => new Promise(() => {})] }); // the server never answers
  const m = init(env.options());
  for (let i = 0; i < 39; i++) m.track("m" + i);
  await env.clock.tick(0);
  assert.equal(env.fetch.calls.length, 1, "20 in flight, 19 queued");
  env.window.dispatch("pagehide");
  assert.equal(env.navigator.beacons.length, 2);
  const events = await env.navigator.events();
  assert.equal(new Set(events.map((e) => e.metric)).size, 39);
});

test("flush() sends at once and resolves after the attempt", async () => {
  const env = browser();
  const m = init(env.options());
  m.track("signup");
  await m.flush();
  assert.equal(env.fetch.calls.length, 1);
});

test("the queue is bounded: the oldest events go first", async () => {
  const env = browser({ fetchAnswers: [new TypeError("offline")] });
  const m = init(env.options({ requireConsent: true, maxQueue: 3 }));
  for (const metric of ["a", "b", "c", "d"]) m.track(metric);
  assert.equal(env.errors.length, 1);
  m.consent(true);
  await env.clock.tick(0);
  assert.deepEqual(env.fetch.calls[0].body.events.map((e) => e.metric), ["b", "c", "d"]);
});

test("a metric key the server would refuse is reported at once and never sent", async () => {
  const env = browser();
  const m = init(env.options());
  m.track("Sign Up");
  m.track("signup");
  assert.equal(env.errors.length, 1);
  assert.match(env.errors[0].message, /bad metric "Sign Up"/);
  // a second apart: each kind of error reaches onError at most once a second
  for (const bad of ["", "x".repeat(65), "-signup", "sign/up", 7, null]) await env.clock.tick(1000), m.track(bad);
  assert.equal(env.errors.length, 7, "each bad key is reported");
  await env.clock.tick(1000);
  assert.deepEqual(env.fetch.events().map((e) => e.metric), ["signup"]);
});

test("per-event rejections in a 202 go to onError, once per code", async () => {
  const rejected = (...codes) =>
    response(202, { accepted: 1, duplicates: 0, rejected: codes.map((code, index) => ({ index, error: { code, message: "bad " + code, field: `events[${index}].x` } })) });
  const env = browser({ fetchAnswers: [rejected("unknown_field", "unknown_field", "invalid_field"), rejected("invalid_field", "missing_field"), response(202)] });
  const m = init(env.options());
  for (const n of [1, 2, 3, 4]) m.track("signup");
  await m.flush();
  assert.deepEqual(env.errors.map((e) => e.message), ["moments: events refused (unknown_field): bad unknown_field", "moments: events refused (invalid_field): bad invalid_field"]);
  m.track("signup");
  await m.flush();
  assert.equal(env.errors.length, 3);
  assert.match(env.errors[2].message, /missing_field/);
  m.track("signup");
  await m.flush();
  assert.equal(env.errors.length, 3, "an all-accepted 202 reports nothing");
});
