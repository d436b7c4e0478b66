// redirect(moment): split-URL tests decided in <head>, with an injected window (the browser test
// test/browser/redirect.test.mjs checks the real thing in Chromium against the server).
import { test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../dist/index.mjs";
import { browser, heroConfig } from "./fakes.mjs";

const splitUrl = (urls) =>
  heroConfig({ variants: [{ key: "control", weight: 50, url: urls.control }, { key: "bold", weight: 50, url: urls.bold }] });

/** The first visitors of the page at href that get `variant`, and what redirect() did for them. */
function visitorsOf(variant, href, config, more = {}) {
  const out = [];
  for (let i = 0; out.length < 3; i++) {
    const env = browser({ href, ...more });
    const m = init(env.options({ config, unitId: "u-" + i }));
    const natural = init(browser().options({ config: heroConfig(), unitId: "u-" + i })).assign("fmot.landing-hero").variant;
    if (natural == variant) out.push({ env, m, r: m.redirect("fmot.landing-hero") });
  }
  return out;
}

test("a visitor whose variant has a url goes there with the query and hash, the exposure sent by beacon first", async () => {
  const href = "https://shop.example.com/landing?utm_source=ad&gclid=42&moments_ad=search-ad:b#offer";
  for (const { env, r } of visitorsOf("bold", href, splitUrl({ bold: "/landing-bold?v=2" }))) {
    assert.deepEqual(env.window.location.replaced, ["https://shop.example.com/landing-bold?v=2&utm_source=ad&gclid=42&moments_ad=search-ad:b#offer"], "the query as it was written");
    assert.equal(env.document.documentElement.style.display, "none", "nothing of this page paints");
    assert.deepEqual([r.variant, r.inExperiment], ["bold", true]);
    const beaconed = await env.navigator.events();
    assert.deepEqual(beaconed.map((e) => [e.type, e.variant]), [["exposure", "bold"]], "sent before leaving");
  }
});

test("a visitor whose variant has no url stays, and its exposure is logged as usual", async () => {
  for (const { env, r } of visitorsOf("control", "https://shop.example.com/landing", splitUrl({ bold: "/landing-bold" }))) {
    assert.deepEqual(env.window.location.replaced, []);
    assert.equal(env.document.documentElement.style.display, undefined);
    assert.equal(r.variant, "control");
    await env.clock.tick(1000);
    assert.deepEqual(env.fetch.events().map((e) => e.variant), ["control"]);
  }
});

test("on the variant's own page nobody is sent on (no loop), and only its own visitors count as shown", async () => {
  const config = splitUrl({ bold: "https://shop.example.com/landing-bold?v=2" });
  const page = "https://shop.example.com/landing-bold?v=2&utm_source=ad";
  for (const { env, r } of visitorsOf("bold", page, config)) {
    assert.deepEqual([env.window.location.replaced, r.variant], [[], "bold"]);
    await env.clock.tick(1000);
    assert.deepEqual(env.fetch.events().map((e) => e.variant), ["bold"]);
  }
  for (const { env, m, r } of visitorsOf("control", page, config)) {
    assert.deepEqual([env.window.location.replaced, r.variant, r.inExperiment], [[], null, false], "a control visitor on bold's page is not shown control");
    assert.equal(m.assign("fmot.landing-hero").variant, null, "and assign() agrees on this page");
    await env.clock.tick(1000);
    assert.deepEqual(env.fetch.events(), []);
  }
});

test("a url of another host, or relative, resolves against the page", () => {
  const [{ env }] = visitorsOf("bold", "https://shop.example.com/a/landing?x=1", splitUrl({ bold: "b" }));
  assert.deepEqual(env.window.location.replaced, ["https://shop.example.com/a/b?x=1"]);
  const [{ env: other }] = visitorsOf("bold", "https://shop.example.com/", splitUrl({ bold: "https://lp.example.net/bold" }));
  assert.deepEqual(other.window.location.replaced, ["https://lp.example.net/bold"]);
});

test("without consent nobody is redirected or logged: such visitors are not in the split-URL test", async () => {
  const [{ env, m, r }] = visitorsOf("bold", "https://shop.example.com/landing", splitUrl({ bold: "/landing-bold" }), {});
  assert.ok(r.inExperiment, "with consent (the default) the test runs");
  assert.ok(m);
  const pending = browser({ href: "https://shop.example.com/landing" });
  for (let i = 0; i < 6; i++) {
    const p = init(pending.options({ config: splitUrl({ bold: "/landing-bold" }), requireConsent: true }));
    assert.equal(p.redirect("fmot.landing-hero").inExperiment, false);
  }
  assert.deepEqual(pending.window.location.replaced, []);
  await pending.clock.tick(1000);
  assert.equal(pending.fetch.calls.length, 0);
  assert.ok(env);
});

test("redirect never throws: no window (Node) answers like assign without leaving", () => {
  const errors = [];
  const m = init({ config: splitUrl({ bold: "/landing-bold" }), window: null, document: null, onError: (e) => errors.push(e) });
  const r = m.redirect("fmot.landing-hero", { unitId: "u-1" });
  assert.equal(r.moment, "fmot.landing-hero");
  assert.equal(typeof r.inExperiment, "boolean");
});
