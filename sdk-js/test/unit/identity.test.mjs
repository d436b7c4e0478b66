// The visitor id: cookie first, localStorage as fallback, host-given ids, and consent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../dist/index.mjs";
import { browser, record, cookieOf } from "./fakes.mjs";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const attrs = (cookie) => cookie.split(";").slice(1).map((a) => a.trim());

test("a new visitor gets a random id kept in a 1-year SameSite=Lax Secure cookie and localStorage", () => {
  const env = browser();
  const m = init(env.options());
  assert.match(m.unitId, UUID);
  assert.equal(record(cookieOf(env.document)).id, m.unitId);
  assert.deepEqual(attrs(env.document.writes[0]).sort(), ["Max-Age=31536000", "Path=/", "SameSite=Lax", "Secure"]);
  assert.equal(record(env.storage.getItem("moments_id")).id, m.unitId);
  assert.notEqual(init(browser().options()).unitId, m.unitId, "ids are random");
});

test("on an http page the cookie is not Secure", () => {
  const env = browser({ href: "http://localhost:3000/" });
  init(env.options());
  assert.ok(!attrs(env.document.writes[0]).includes("Secure"));
});

test("cookieDomain sets the cookie's Domain", () => {
  const env = browser();
  init(env.options({ cookieDomain: ".example.com" }));
  assert.ok(attrs(env.document.writes[0]).includes("Domain=.example.com"));
});

test("a returning visitor keeps the id of the cookie, among other cookies", () => {
  const env = browser({ cookie: "a=1; moments_id=visitor-42; b=2", storage: { moments_id: "older" } });
  const m = init(env.options());
  assert.equal(m.unitId, "visitor-42");
  assert.match(env.document.writes[0], /^moments_id=%7B%22id%22%3A%22visitor-42%22/, "the cookie is refreshed for another year");
});

test("without the cookie, the localStorage id is used and the cookie restored", () => {
  const env = browser({ storage: { moments_id: "from-storage" } });
  const m = init(env.options());
  assert.equal(m.unitId, "from-storage");
  assert.equal(record(cookieOf(env.document)).id, "from-storage");
});

test("an invalid stored id is replaced by a valid one", () => {
  const env = browser({ cookie: "moments_id=" + "x".repeat(300), storage: { moments_id: "from-storage" } });
  assert.equal(init(env.options()).unitId, "from-storage");
  const bare = browser({ cookie: "moments_id=%E0%A4%A" }); // a broken escape
  const m = init(bare.options());
  assert.match(m.unitId, UUID);
  assert.equal(record(cookieOf(bare.document)).id, m.unitId);
});

test("storage that throws (blocked) still gives a working id", () => {
  const env = browser();
  const throwing = { getItem() { throw new Error("denied"); }, setItem() { throw new Error("denied"); } };
  const m = init(env.options({ storage: throwing }));
  assert.match(m.unitId, UUID);
  assert.equal(m.assign("fmot.landing-hero").experiment, "hero-2026-11");
});

test("a host-given unitId is used and nothing is stored", () => {
  const env = browser({ cookie: "moments_id=cookie-id" });
  const m = init(env.options({ unitId: "account-7" }));
  assert.equal(m.unitId, "account-7");
  assert.deepEqual(env.document.writes, []);
  assert.equal(env.storage.map.size, 0);
});

test("requireConsent: no id stored, no event sent, assignments still work", async () => {
  const env = browser({ cookie: "moments_id=earlier-visit" });
  const m = init(env.options({ requireConsent: true }));
  assert.match(m.unitId, UUID, "an in-memory id, not the stored one");
  assert.deepEqual(env.document.writes, []);
  assert.equal(env.storage.map.size, 0);
  assert.equal(m.assign("fmot.landing-hero").inExperiment, true);
  m.track("signup");
  await env.clock.tick(10000);
  env.window.dispatch("pagehide");
  assert.equal(env.fetch.calls.length, 0);
  assert.equal(env.navigator.beacons.length, 0);
});

test("consent(true) stores the in-memory id and sends the queued events", async () => {
  const env = browser();
  const m = init(env.options({ requireConsent: true }));
  const id = m.unitId;
  m.assign("fmot.landing-hero");
  m.track("signup");
  await env.clock.tick(5000);
  m.consent(true);
  await env.clock.tick(0);
  assert.equal(record(cookieOf(env.document)).id, id);
  assert.equal(record(env.storage.getItem("moments_id")).id, id);
  const events = env.fetch.events();
  assert.deepEqual(events.map((e) => e.type), ["exposure", "conversion"]);
  assert.ok(events.every((e) => e.unitId === id));
});

test("consent(false) drops queued events, deletes the id, and sends nothing later", async () => {
  const env = browser();
  const m = init(env.options({ requireConsent: true }));
  m.track("signup");
  m.consent(false);
  m.track("after");
  await env.clock.tick(10000);
  env.window.dispatch("pagehide");
  assert.equal(env.fetch.calls.length, 0);
  assert.equal(env.navigator.beacons.length, 0);
  assert.match(env.document.writes.at(-1), /Max-Age=0/);

  const granted = browser({ cookie: "moments_id=v1", storage: { moments_id: "v1" } });
  const g = init(granted.options());
  g.consent(false);
  assert.equal(granted.document.cookie, "", "a withdrawn consent deletes the cookie");
  assert.equal(granted.storage.getItem("moments_id"), null);
});
