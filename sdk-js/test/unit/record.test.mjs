// The visitor record (cookie and localStorage): sticky variants, remembered ad clicks and the first
// visit's attributes, across visits of the same browser; its bound; consent; holdout exposures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../dist/index.mjs";
import { browser, heroConfig, record, recordValue, cookieOf } from "./fakes.mjs";

const exposures = (env) => env.fetch.events().filter((e) => e.type == "exposure");
const sticky = (weights, extra = {}) =>
  heroConfig({ sticky: true, variants: [{ key: "control", weight: weights[0] }, { key: "bold", weight: weights[1] }], ...extra });

/** The next visit of the same browser: the cookie jar and storage carried over. */
function nextVisit(env, more = {}) {
  const next = browser({ cookie: env.document.cookie, storage: Object.fromEntries(env.storage.map), ...more });
  return next;
}

test("a sticky experiment keeps the visitor's variant on later visits after its weights change", () => {
  let moved = 0;
  for (let i = 0; i < 40; i++) {
    const first = browser();
    const seen = init(first.options({ config: sticky([50, 50]) })).assign("fmot.landing-hero").variant;
    assert.equal(record(cookieOf(first.document)).s["hero-2026-11"], seen, "stored in the cookie record");
    const later = nextVisit(first);
    const again = init(later.options({ config: sticky([1, 99]) })).assign("fmot.landing-hero");
    assert.equal(again.variant, seen, "the same variant after the weights moved to 1/99");
    moved += seen == "control"; // with 1/99 a new hash would give bold to almost everyone
  }
  assert.ok(moved > 5, "some visitors had control, which 1/99 would have moved: " + moved);
});

test("a bandit's config, with its allocation as the server serves it, keeps the visitor's arm over an update", () => {
  const allocation = { type: "bandit", updateEvery: "PT1H", minShare: 0.05, burnInUnits: 1000 };
  for (let i = 0; i < 20; i++) {
    const first = browser();
    const seen = init(first.options({ config: sticky([50, 50], { allocation }) })).assign("fmot.landing-hero").variant;
    assert.ok(seen == "control" || seen == "bold", "a bandit assigns like any sticky experiment: " + seen);
    const again = init(nextVisit(first).options({ config: sticky([5, 95], { allocation }) })).assign("fmot.landing-hero");
    assert.equal(again.variant, seen, "the arm kept after the server moved the weights to 5/95");
  }
});

test("without sticky the same weight change moves visitors", () => {
  let moved = 0;
  for (let i = 0; i < 40; i++) {
    const first = browser();
    const seen = init(first.options({ config: heroConfig() })).assign("fmot.landing-hero").variant;
    assert.deepEqual(record(cookieOf(first.document)).s, {}, "nothing stored for a non-sticky experiment");
    const later = nextVisit(first);
    const config = heroConfig({ variants: [{ key: "control", weight: 1 }, { key: "bold", weight: 99 }] });
    moved += init(later.options({ config })).assign("fmot.landing-hero").variant != seen;
  }
  assert.ok(moved > 5, "moved " + moved);
});

test("the record keeps at most 10 sticky variants, the oldest dropped, and drops experiments that ended", () => {
  const experiments = Array.from({ length: 12 }, (_, i) => ({
    ...heroConfig().experiments[0], key: "e" + i, moment: "m" + i, salt: "s" + i, sticky: true,
  }));
  const env = browser();
  const m = init(env.options({ config: { experiments } }));
  for (let i = 0; i < 12; i++) m.assign("m" + i);
  const kept = Object.keys(record(cookieOf(env.document)).s);
  assert.deepEqual(kept, experiments.slice(2).map((e) => e.key), "the newest 10");
  const later = nextVisit(env);
  init(later.options({ config: { experiments: experiments.slice(5) } }));
  assert.deepEqual(Object.keys(record(cookieOf(later.document)).s), experiments.slice(5).map((e) => e.key));
  assert.ok(cookieOf(later.document).length < 1024, "about 1 KB at most: " + cookieOf(later.document).length);
});

const ads = {
  experiments: [{
    key: "search-ad", moment: "zmot.search-ad", salt: "s", status: "running", ranges: [[0, 10000]],
    variants: [{ key: "a", weight: 1, kind: "ad" }, { key: "b", weight: 1, kind: "ad" }],
  }],
};

test("an ad click is remembered and re-applied on later visits, as a counted ad exposure", async () => {
  for (const clicked of ["a", "b"]) {
    const landing = browser({ href: "https://shop.example.com/?gclid=x&moments_ad=search-ad:" + clicked });
    const first = init(landing.options({ config: ads })).assign("zmot.search-ad");
    assert.deepEqual([first.variant, first.ad], [clicked, true]);
    assert.deepEqual(record(cookieOf(landing.document)).a, { "search-ad": clicked });
    const later = nextVisit(landing, { href: "https://shop.example.com/pricing" });
    const again = init(later.options({ config: ads })).assign("zmot.search-ad");
    assert.deepEqual([again.variant, again.ad, again.inExperiment], [clicked, true, true]);
    await later.clock.tick(1000);
    assert.deepEqual(exposures(later).map((e) => [e.variant, e.source]), [[clicked, "ad"]]);
  }
});

test("a newer ad click wins over the remembered one, and a stopped ad experiment's click is forgotten", () => {
  const landing = browser({ href: "https://shop.example.com/?moments_ad=search-ad:a" });
  init(landing.options({ config: ads })).assign("zmot.search-ad");
  const second = nextVisit(landing, { href: "https://shop.example.com/?moments_ad=search-ad:b" });
  assert.equal(init(second.options({ config: ads })).assign("zmot.search-ad").variant, "b");
  assert.deepEqual(record(cookieOf(second.document)).a, { "search-ad": "b" });
  const ended = nextVisit(second);
  init(ended.options({ config: { experiments: [] } }));
  assert.deepEqual(record(cookieOf(ended.document)).a, {});
});

test("a first visit records utm_*, the referrer's host and paid; later visits and explicit attributes keep them", async () => {
  const env = browser({
    href: "https://shop.example.com/landing?utm_source=google&utm_medium=cpc&utm_campaign=spring&utm_content=hero-b&utm_term=x&fbclid=1",
    referrer: "https://www.google.com/search?q=shoes",
  });
  const targeted = heroConfig({ targeting: { all: [{ attribute: "utm_source", op: "eq", value: "google" }, { attribute: "paid", op: "eq", value: true }] } });
  const m = init(env.options({ config: targeted, attributes: { device: "mobile", utm_campaign: "explicit" } }));
  assert.equal(m.assign("fmot.landing-hero").experiment, "hero-2026-11", "targeting sees the first visit's attributes");
  m.track("signup");
  await env.clock.tick(1000);
  const expected = { utm_source: "google", utm_medium: "cpc", utm_campaign: "explicit", utm_content: "hero-b", referrer_host: "www.google.com", paid: true, device: "mobile" };
  for (const e of env.fetch.events()) assert.deepEqual(e.attributes, expected, e.type + " carries them; explicit wins");

  const later = nextVisit(env, { href: "https://shop.example.com/pricing?utm_source=newsletter", referrer: "https://news.example.org/" });
  const l = init(later.options({ config: targeted }));
  assert.equal(l.assign("fmot.landing-hero").experiment, "hero-2026-11", "first touch is kept, not overwritten");
  assert.equal(record(cookieOf(later.document)).u.utm_source, "google");
});

test("our own host is no referrer; no click id is paid false; a value over 100 characters is not kept, as by /r/", () => {
  const env = browser({ href: "https://shop.example.com/?utm_campaign=" + "x".repeat(101) + "&utm_source=" + "y".repeat(100), referrer: "https://shop.example.com/other" });
  init(env.options());
  assert.deepEqual(record(cookieOf(env.document)).u, { utm_source: "y".repeat(100), paid: false });
});

test("a record from before this version (the id alone) is a returning visitor: no first-visit capture", () => {
  const env = browser({ cookie: "moments_id=visitor-42", href: "https://shop.example.com/?utm_source=late" });
  const m = init(env.options());
  assert.equal(m.unitId, "visitor-42");
  assert.deepEqual(record(cookieOf(env.document)), { id: "visitor-42", s: {}, a: {}, u: {} });
});

test("an edited record cannot break assignment", () => {
  const env = browser({ cookie: "moments_id=" + recordValue({ id: "v-1", s: 5, a: "x", u: null }) });
  const m = init(env.options({ config: sticky([50, 50]) }));
  assert.equal(m.unitId, "v-1");
  assert.ok(m.assign("fmot.landing-hero").variant);
  assert.deepEqual(env.errors, []);
});

test("with requireConsent nothing is stored until consent(true), which stores the whole record", () => {
  const env = browser({ href: "https://shop.example.com/?utm_source=google&moments_ad=search-ad:b" });
  const m = init(env.options({ config: { experiments: [...ads.experiments, { ...sticky([50, 50]).experiments[0] }] }, requireConsent: true }));
  m.assign("zmot.search-ad");
  m.assign("fmot.landing-hero");
  assert.deepEqual(env.document.writes, []);
  assert.equal(env.storage.map.size, 0);
  m.consent(true);
  const r = record(cookieOf(env.document));
  assert.deepEqual([r.id, r.a, Object.keys(r.s), r.u.utm_source], [m.unitId, { "search-ad": "b" }, ["hero-2026-11"], "google"]);
  m.consent(false);
  assert.equal(cookieOf(env.document), undefined, "withdrawn: the record is deleted");
});

test("a holdout exposure is logged once per visitor and holdout, and the held-out visitor gets no variant", async () => {
  const config = { ...heroConfig(), holdouts: [{ key: "q1-holdout", percent: 50, moments: ["fmot.landing-hero"] }] };
  let held = 0, exposed = 0;
  for (let i = 0; i < 30; i++) {
    const env = browser();
    const m = init(env.options({ config }));
    const a = m.assign("fmot.landing-hero");
    m.assign("fmot.landing-hero", { attributes: { x: 1 } }); // decided again: still one holdout exposure
    await env.clock.tick(1000);
    const [h, ...rest] = exposures(env);
    assert.deepEqual([h.experiment, h.source, h.unitId], ["q1-holdout", "holdout", m.unitId]);
    if (h.variant == "holdout") held++, assert.equal(a.variant, null), assert.deepEqual(rest, []);
    else exposed++, assert.equal(h.variant, "exposed"), assert.deepEqual(rest.map((e) => e.experiment), ["hero-2026-11"]);
  }
  assert.ok(held > 3 && exposed > 3, `both groups occur: ${held} held, ${exposed} exposed`);
});

// hostile or unusual landing URLs and records (assign14): never a throw, the record still kept, the id stable
test("a first visit's utm value whose 100th character is half an emoji is not kept half, and the same id comes next visit", () => {
  const campaign = encodeURIComponent("a" + "😀".repeat(60));
  const env = browser({ href: "https://shop.example.com/?utm_campaign=" + campaign });
  let m;
  assert.doesNotThrow(() => (m = init(env.options({ config: heroConfig() }))));
  const r = record(cookieOf(env.document));
  assert.equal(r.u.utm_campaign, undefined, "over 100 characters: not kept (a cut at 100 split an emoji, whose lone half the server refuses)");
  assert.equal(init(nextVisit(env).options()).unitId, m.unitId, "the same visitor on the next page");
});

test("repeated, encoded and non-UTF-8 utm parameters: the first of each kept, as data", () => {
  const env = browser({ href: "https://shop.example.com/?utm_source=%FF%FE&utm_source=second&utm%5Fmedium=%3Cb%3E&utm_campaign=%ED%A0%80x" });
  init(env.options());
  assert.deepEqual(record(cookieOf(env.document)).u, { utm_source: "\ufffd\ufffd", utm_medium: "<b>", utm_campaign: "\ufffd\ufffd\ufffdx", paid: false });
  assert.deepEqual(env.errors, []);
});

test("a record edited to hold a lone surrogate breaks neither init nor assign nor track", async () => {
  const value = encodeURIComponent('{"id":"v-1","s":{},"a":{},"u":{"utm_source":"\\ud800"}}');
  const env = browser({ cookie: "moments_id=" + value });
  let m;
  assert.doesNotThrow(() => (m = init(env.options({ config: heroConfig() }))));
  assert.equal(m.unitId, "v-1");
  assert.equal(m.assign("fmot.landing-hero").experiment, "hero-2026-11");
  m.track("signup");
  await env.clock.tick(1000);
  assert.deepEqual(env.fetch.events().map((e) => e.type), ["exposure", "conversion"]);
});

test("storage over its quota and no cookie: the visitor still gets a variant and its events", async () => {
  const full = { getItem: () => null, setItem() { throw new Error("QuotaExceededError"); }, removeItem() {} };
  const env = browser({ href: "https://shop.example.com/?utm_source=google", storage: {} });
  let m;
  assert.doesNotThrow(() => (m = init(env.options({ config: heroConfig(), storage: full }))));
  assert.equal(m.assign("fmot.landing-hero").experiment, "hero-2026-11");
  m.track("signup");
  await env.clock.tick(1000);
  assert.equal(env.fetch.events().length, 2);
});
