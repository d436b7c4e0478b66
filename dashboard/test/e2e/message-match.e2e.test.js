// End to end, issue 15.6 in the dashboard against the real server jar: a landing-page experiment
// whose visitors came through a two-variant search ad. Its report split by the ad
// (`?segment=ad:<ad experiment>`) shows each landing variant's results per ad, the message-match
// table (rate and n per ad × landing cell) with the interaction test's verdict in words, and the
// health panel says which events were kept out and why (exposures after the stop). Checked at 1280
// and 390 px; screenshots target/screenshots/match-*.png.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, openPage } from "../support/browser.js";
import { startTarget } from "../support/servers.js";
import { compareWithReport } from "../support/report-path.js";
import { adminCall } from "../support/admin-api.js";
import { hiddenDecisiveCells, pageOverflow } from "../support/layout.js";
import { decide, loadConfig } from "../../../sdk-js/src/engine.js";

const SHOTS = fileURLToPath(new URL("../../target/screenshots/", import.meta.url));
const AD = "e2e-search-ad";
const LANDING = "e2e-landing";
const LANDING_MOMENT = "fmot.e2e-landing";
const ADS = ["a", "b"];
const LANDINGS = ["control", "match"];
/** Sign-ups per (ad, landing) cell of 60 units: the ad decides which landing page wins. */
const SIGNUPS = { a: { control: 18, match: 9 }, b: { control: 6, match: 21 } };
const PER_CELL = 60;
const AFTER_STOP = 25;
const skip = process.env.MOMENTS_E2E_TARGET === "mock" ? "the mock has no ad path" : false;

let server, browser;
let failedStep = null;
function step(name, body) {
  it(name, async () => {
    if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
    try { await body(); } catch (error) { failedStep = name; throw error; }
  });
}
const apiCall = (method, path, body) => adminCall(server, method, path, body);
const variant = (key, kind) => ({ key, weight: 50, kind, payload: { headline: key } });

/** Unit ids whose hash gives each landing variant, by the SDK's own core (the server checks it). */
async function unitsByLanding(count, prefix) {
  const e = await apiCall("GET", `/api/v1/experiments/${LANDING}`);
  const config = { experiments: [{ key: LANDING, moment: LANDING_MOMENT, salt: e.salt, status: "running", trafficPercent: 100,
    variants: e.variants.map((v) => ({ key: v.key, weight: v.weight, payload: {} })) }] };
  const moment = loadConfig(config).get(LANDING_MOMENT);
  const units = Object.fromEntries(LANDINGS.map((l) => [l, []]));
  for (let i = 0; LANDINGS.some((l) => units[l].length < count); i++) {
    const unitId = `${prefix}${i}`;
    const key = decide(moment, unitId, {}).variant.key;
    if (units[key].length < count) units[key].push(unitId);
  }
  return units;
}

/** Per cell: the ad click (an ad-source exposure of the ad experiment), the landing exposure, sign-ups and bounces. */
async function visits() {
  const units = await unitsByLanding(2 * PER_CELL, "mm-");
  const now = Date.now();
  const at = (ms) => new Date(now + ms).toISOString();
  const events = [];
  for (const [a, ad] of ADS.entries()) {
    for (const landing of LANDINGS) {
      units[landing].slice(a * PER_CELL, (a + 1) * PER_CELL).forEach((unitId, i) => {
        events.push({ id: `${unitId}-ad`, type: "exposure", unitId, experiment: AD, variant: ad, source: "ad", timestamp: at(0), attributes: { ad: `${AD}:${ad}` } });
        events.push({ id: `${unitId}-x`, type: "exposure", unitId, experiment: LANDING, variant: landing, timestamp: at(100) });
        if (i < SIGNUPS[ad][landing]) events.push({ id: `${unitId}-s`, type: "conversion", unitId, metric: "signup", timestamp: at(1000) });
        if (i % 10 < (landing === "match" ? 2 : 6)) events.push({ id: `${unitId}-b`, type: "conversion", unitId, metric: "bounce", timestamp: at(500) });
      });
    }
  }
  return events;
}

async function until(what, read, ok, ms = 30_000) {
  const deadline = Date.now() + ms;
  let value;
  while (Date.now() < deadline) {
    value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.fail(`${what} did not happen within ${ms / 1000} s: ${JSON.stringify(value)?.slice(0, 2000)}`);
}

const report = (query = "") => apiCall("GET", `/api/v1/experiments/${LANDING}/report${query}`);

async function signedIn(size) {
  const w = await openPage(browser, server.url, size);
  w.page.setDefaultTimeout(15_000);
  await w.page.goto(`${server.url}/`);
  await w.page.fill("#signin-key", server.adminKey);
  await w.page.click("#signin-form button[type=submit]");
  await w.page.waitForSelector(".journey");
  return w;
}

const numbersOnPage = (page) => page.$$eval("[data-path]", (els) => els
  .filter((el) => el.dataset.path).map((el) => ({ path: JSON.parse(el.dataset.path), value: el.dataset.value ?? "" })));

describe("message match and what was kept out, against the server", { timeout: 240_000, skip }, () => {
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startTarget();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step("an ad experiment and a landing experiment run, visitors click the ads, and the landing experiment stops", async () => {
    await apiCall("POST", "/api/v1/moments", { key: "zmot.e2e-search-ad", stage: "ZMOT", name: "Search ad" });
    await apiCall("POST", "/api/v1/moments", { key: LANDING_MOMENT, stage: "FMOT", name: "Landing page" });
    await apiCall("POST", "/api/v1/experiments", { key: AD, moment: "zmot.e2e-search-ad", name: "Search ad copy", trafficPercent: 100,
      variants: [variant("a", "ad"), variant("b", "ad")], control: "a", primaryMetric: "signup" });
    await apiCall("POST", "/api/v1/experiments", { key: LANDING, moment: LANDING_MOMENT, name: "Landing hero", trafficPercent: 100,
      variants: [variant("control", "landing_page"), variant("match", "landing_page")], control: "control",
      primaryMetric: "signup", guardrailMetrics: [{ key: "bounce", direction: "decrease" }], funnel: ["signup"] });
    await apiCall("POST", `/api/v1/experiments/${AD}/start`);
    await apiCall("POST", `/api/v1/experiments/${LANDING}/start`);
    const events = await visits();
    for (let i = 0; i < events.length; i += 500) {
      const answer = await apiCall("POST", "/api/v1/events", { events: events.slice(i, i + 500) });
      assert.deepEqual(answer.rejected ?? [], []);
    }
    const total = ADS.length * LANDINGS.length * PER_CELL;
    await until("the landing report counting every visitor", () => report(), (r) => r.variants.reduce((a, v) => a + v.units, 0) === total
      && r.metrics[0].variants.reduce((a, v) => a + v.conversions, 0) === 54);
    await apiCall("POST", `/api/v1/experiments/${LANDING}/stop`, {});
    // a page with the old inlined config keeps sending exposures after the stop: kept, not counted
    const later = new Date(Date.now() + 1000).toISOString();
    const stale = Array.from({ length: AFTER_STOP }, (_, i) => i).map((i) => ({ id: `stale-${i}`, type: "exposure", unitId: `stale-${i}`,
      experiment: LANDING, variant: "control", timestamp: later }));
    await apiCall("POST", "/api/v1/events", { events: stale });
    await until("the exposures after the stop counted in health", () => report(), (r) => r.health.afterStop === AFTER_STOP);
  });

  step("the landing report split by the ad shows the message match and the kept-out events, at 1280 px", async () => {
    const w = await signedIn({ width: 1280, height: 900 });
    try {
      const { page } = w;
      await page.goto(`${server.url}/#/experiments/${LANDING}`);
      await page.waitForSelector(".decision");
      const health = page.locator(".exclusions");
      assert.match(await health.textContent(), new RegExp(`${AFTER_STOP}\\s+events dated after it stopped`));
      assert.equal(await page.locator(".exclusions [data-reason]").count(), 1, "only the reason with events is listed");
      assert.equal(await page.locator("[data-message-match]").count(), 0, "no message match without the ad segment");
      await page.selectOption("#segment", `ad:${AD}`);
      await page.waitForSelector("[data-message-match]");
      const json = await report(`?segment=ad:${AD}`);
      const cells = await numbersOnPage(page);
      const { mismatches } = compareWithReport(cells, json);
      assert.deepEqual(mismatches, [], "every number on the page equals the report's");
      const matchCells = cells.filter((c) => c.path[0] === "messageMatch" && c.path[1] === "cells");
      assert.equal(matchCells.length, 2 * json.messageMatch.cells.length, "rate and n of every cell");
      assert.equal(json.messageMatch.cells.length, 4);
      for (const c of json.messageMatch.cells) {
        assert.equal(c.units, PER_CELL);
        assert.equal(c.conversions, SIGNUPS[c.adVariant][c.landingVariant]);
        const text = await page.textContent(`[data-cell="${c.adVariant}×${c.landingVariant}"]`);
        assert.match(text, new RegExp(`${(100 * c.rate).toFixed(1)}%[\\s\\S]*n = ${PER_CELL}`));
      }
      assert.equal(json.messageMatch.interaction.significant, true, JSON.stringify(json.messageMatch.interaction));
      assert.equal(await page.getAttribute("[data-verdict]", "data-verdict"), "depends");
      assert.match(await page.textContent("[data-verdict]"), /best landing page depends on the ad .*“control” after ad “a”, “match” after ad “b”/);
      assert.match(await page.textContent('[data-cell="b×match"]'), /best/);
      assert.deepEqual((await page.$$eval("[data-segment]", (els) => els.map((e) => e.dataset.segment))).sort(), ADS);
      assert.match(await page.textContent("[data-segment=b]"), /Visitors of ad “b”/);
      assert.ok(cells.some((c) => c.path[0] === "segments"), "each landing variant's results per ad");
      assert.equal(await page.evaluate(() => document.activeElement.id), "segment", "focus stays on the selector");
      await page.screenshot({ path: `${SHOTS}match-1280.png`, fullPage: true });
      await page.locator("[data-message-match]").screenshot({ path: `${SHOTS}match-table-1280.png` });

      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth);
      assert.ok(await pageOverflow(page) <= 0, "the split report fits 390 px");
      assert.deepEqual(await hiddenDecisiveCells(page), [], "decisive columns in view at 390 px");
      const table = await page.locator("[data-message-match] .table-wrap").evaluate((el) => el.scrollWidth - el.clientWidth);
      assert.ok(table <= 1, `the message-match table scrolls sideways by ${table} px`);
      await page.screenshot({ path: `${SHOTS}match-390.png`, fullPage: true });
      await page.locator("[data-message-match]").screenshot({ path: `${SHOTS}match-table-390.png` });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.context.close();
    }
  });
  step("targeting on an attribute no SDK sends is saved with a warning, in the form and on the report (issue 15.9)", async () => {
    const w = await signedIn({ width: 390, height: 844 });
    try {
      const { page } = w;
      await page.goto(`${server.url}/#/experiments/${AD}/edit`);
      await page.waitForSelector("#experiment-form");
      await page.fill('[data-field="targeting"]', JSON.stringify({ all: [{ attribute: "utm_source", op: "eq", value: "google" }, { attribute: "contry", op: "eq", value: "DE" }] }));
      await page.click("#experiment-form button[type=submit]");
      await page.waitForSelector(`[data-experiment="${AD}"]`);
      const flash = page.locator(".notice-warn").first();
      assert.match(await flash.textContent(), /Changes saved\. Please check: Targeting uses `contry`, an attribute no SDK sends .*did you mean `country`\?/);
      assert.doesNotMatch(await flash.textContent(), /utm_source/, "an attribute the JS SDK records is no typo");
      const json = await apiCall("GET", `/api/v1/experiments/${AD}/report`);
      assert.deepEqual(json.warnings.map((x) => [x.code, x.attribute]), [["unknown_attribute", "contry"]]);
      assert.match(await page.textContent("[data-warnings]"), /Targeting uses `contry`/);
      assert.ok(await pageOverflow(page) <= 0, "fits 390 px");
      await page.screenshot({ path: `${SHOTS}match-targeting-warning-390.png` });
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.screenshot({ path: `${SHOTS}match-targeting-warning-1280.png` });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.context.close();
    }
  });
  step("a date range shows its visitors descriptively, keeps the whole decision, and the CSV follows it (issue 20.11)", async () => {
    const w = await signedIn({ width: 1280, height: 900 });
    try {
      const { page } = w;
      const day = new Date().toISOString().slice(0, 10);
      const whole = await report();
      await page.goto(`${server.url}/#/experiments/${LANDING}`);
      await page.waitForSelector("#range-form");
      await page.fill("#range-from", day);
      await page.fill("#range-to", day);
      await page.click("#range-form button[type=submit]");
      await page.waitForSelector("[data-range-note]");
      assert.equal(await page.evaluate(() => document.activeElement.id), "range-title", "focus goes to the dates");
      const json = await report(`?from=${day}&to=${day}`);
      assert.deepEqual(json.range, { from: day, to: day });
      assert.deepEqual(json.decision, whole.decision, "the decision stays the whole experiment's");
      assert.equal(await page.textContent("#decision-reason"), whole.decision.reason);
      assert.match(await page.textContent("[data-range-note]"), /descriptive view: the decision above is the whole experiment's/);
      await page.click("[data-daily] summary");
      const cells = await numbersOnPage(page);
      assert.deepEqual(compareWithReport(cells, json).mismatches, [], "every number equals the range's report");
      const daily = cells.filter((c) => c.path[0] === "timeline" && c.path[2] === "daily");
      assert.equal(daily.length, 3 * LANDINGS.length, "new units, converted and rate per variant");
      const controlDaily = json.timeline[0].daily.find((v) => v.key === "control");
      assert.equal(controlDaily.units, 2 * PER_CELL);
      assert.equal(controlDaily.conversions, SIGNUPS.a.control + SIGNUPS.b.control);
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=csv]")]);
      const csv = await (await import("node:fs/promises")).readFile(await download.path(), "utf8");
      assert.equal(csv, await apiCall("GET", `/api/v1/experiments/${LANDING}/report.csv?from=${day}&to=${day}`));
      await page.screenshot({ path: `${SHOTS}match-range-1280.png`, fullPage: true });

      const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
      await page.fill("#range-from", tomorrow);
      await page.fill("#range-to", "");
      await page.click("#range-form button[type=submit]");
      await page.waitForSelector(`[data-range^="${tomorrow}"]`);
      assert.match(await page.textContent("#variants-title + p"), /^0 units in the statistics( · data as of \d\d:\d\d:\d\d)?$/);
      await page.setViewportSize({ width: 390, height: 844 });
      await page.waitForFunction(() => document.documentElement.scrollWidth <= window.innerWidth);
      await page.screenshot({ path: `${SHOTS}match-range-390.png`, fullPage: true });
      await page.click("[data-action=whole]");
      await page.waitForSelector("[data-range='']");
      assert.deepEqual(w.problems, []);
    } finally {
      await w.context.close();
    }
  });
  step("targeting without JSON: the condition builder writes the rule, reads it back, and leaves what it cannot show in JSON (issue 20.12)", async () => {
    const w = await signedIn({ width: 1280, height: 900 });
    try {
      const { page } = w;
      await page.goto(`${server.url}/#/experiments/${AD}/edit`);
      await page.waitForSelector("#targeting-builder");
      // the typo'd attribute from before is none the builder offers: the rule stays in JSON, with a note
      assert.match(await page.textContent("[data-builder-note]"), /cannot show/);
      assert.match(await page.inputValue('[data-field="targeting"]'), /contry/);
      await page.fill('[data-field="targeting"]', "");
      await page.waitForSelector("[data-tb-add]");
      await page.click("[data-tb-add]");
      assert.equal(await page.evaluate(() => document.activeElement.id), "tb-attribute-0", "focus goes to the new condition");
      await page.selectOption("#tb-op-0", "in");
      await page.fill("#tb-value-0", "mobile, tablet");
      await page.click("[data-tb-add]");
      await page.selectOption("#tb-attribute-1", "paid");
      await page.fill("#tb-value-1", "true");
      await page.click("[data-tb-add]");
      await page.selectOption("#tb-attribute-2", "utm_source");
      await page.fill("#tb-value-2", "google");
      const expected = { all: [{ attribute: "device", op: "in", values: ["mobile", "tablet"] }, { attribute: "paid", op: "eq", value: true },
        { attribute: "utm_source", op: "eq", value: "google" }] };
      assert.deepEqual(JSON.parse(await page.inputValue('[data-field="targeting"]')), expected, "the JSON follows the builder");
      await page.locator("#targeting-builder").screenshot({ path: `${SHOTS}match-builder-1280.png` });
      await page.click("#experiment-form button[type=submit]");
      await page.waitForSelector(`[data-experiment="${AD}"]`);
      assert.deepEqual((await apiCall("GET", `/api/v1/experiments/${AD}`)).targeting, expected, "saved as built");
      assert.equal(await page.locator(".notice-warn").count(), 0, "no attribute warning: the builder offers what SDKs send");

      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${server.url}/#/experiments/${AD}/edit`);
      await page.waitForSelector("#tb-value-2");
      assert.deepEqual(await page.$$eval("[data-condition]", (rows) => rows.map((r) => [...r.querySelectorAll("select, input")].map((e) => e.value))),
        [["device", "in", "mobile, tablet"], ["paid", "eq", "true"], ["utm_source", "eq", "google"]], "the saved rule reads back into the builder");
      await page.fill('[data-field="targeting"]', JSON.stringify({ any: [{ attribute: "country", op: "eq", value: "DE" }] }));
      await page.waitForFunction(() => document.querySelector("#tb-match")?.value === "any");
      assert.equal(await page.inputValue("#tb-value-0"), "DE", "JSON typed by hand shows in the builder");
      await page.click('[data-tb-remove="0"]');
      assert.equal(await page.inputValue('[data-field="targeting"]'), "", "no condition, no targeting");
      assert.ok(await pageOverflow(page) <= 0, "the form fits 390 px");
      await page.fill('[data-field="targeting"]', JSON.stringify(expected));
      await page.locator("#targeting-builder").screenshot({ path: `${SHOTS}match-builder-390.png` });
      assert.deepEqual(w.problems, []);
    } finally {
      await w.context.close();
    }
  });
  step("an ad experiment's page makes each ad's signed landing URL and labelled preview links (issue 20.4)", async () => {
    for (const size of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const w = await signedIn(size);
      try {
        const { page } = w;
        await page.goto(`${server.url}/#/experiments/${AD}`);
        await page.waitForSelector("#links-form");
        await page.fill("#links-page", "shop.example/landing");
        await page.click("#links-form button[value=ad]");
        assert.match(await page.textContent("#links-error"), /full address/, "a page address without https:// is refused");
        await page.fill("#links-page", "https://shop.example/landing?utm_source=google");
        await page.click("#links-form button[value=ad]");
        await page.waitForSelector("[data-links-kind=ad] [data-link=b]");
        for (const ad of ADS) {
          const url = new URL(await page.textContent(`[data-links-kind=ad] [data-link=${ad}] code`));
          assert.equal(url.origin + url.pathname, "https://shop.example/landing");
          assert.equal(url.searchParams.get("utm_source"), "google", "the page's own parameters are kept");
          assert.equal(url.searchParams.get("moments_ad"), `${AD}:${ad}`);
          assert.match(url.searchParams.get("moments_sig"), /^\d+\.[A-Za-z0-9_-]+$/);
        }
        await page.click("#links-form button[value=force]");
        await page.waitForSelector("[data-links-kind=force] [data-link=a]");
        assert.match(await page.textContent("[data-links-kind=force]"), /excluded from the statistics/);
        const preview = new URL(await page.textContent("[data-links-kind=force] [data-link=a] code"));
        assert.equal(preview.searchParams.get("moments_force"), `${AD}:a`);
        assert.equal(await page.locator("[data-links-kind=ad]").count(), 1, "the ad links stay beside the preview links");
        assert.ok(await pageOverflow(page) <= 0, `fits ${size.width} px`);
        await page.locator("[data-links]").screenshot({ path: `${SHOTS}match-links-${size.width}.png` });
        assert.deepEqual(w.problems, []);
      } finally {
        await w.context.close();
      }
    }
    // a viewer reads the page but gets no link builder (the server would refuse the signature too)
    const viewer = await apiCall("POST", "/api/v1/people", { name: "Vic Viewer", email: "vic@example.com", role: "viewer" });
    const v = await openPage(browser, server.url, { width: 1280, height: 900 });
    try {
      await v.page.goto(`${server.url}/`);
      await v.page.fill("#signin-key", viewer.key);
      await v.page.click("#signin-form button[type=submit]");
      await v.page.waitForSelector(".journey");
      await v.page.goto(`${server.url}/#/experiments/${AD}`);
      await v.page.waitForSelector(".decision");
      assert.equal(await v.page.locator("[data-links]").count(), 0);
    } finally {
      await v.context.close();
    }
  });
});
