// End to end in Chromium against the real server jar (issue 21 item 6): a holdout created in the holdouts
// page, shown on its moment in the journey, its report page with both sides after /assign and events, and
// ended from the page. Screenshots go to target/screenshots/holdouts-*.png.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, openPage } from "../support/browser.js";
import { startTarget } from "../support/servers.js";
import { adminCall } from "../support/admin-api.js";

const SHOTS = fileURLToPath(new URL("../../target/screenshots/", import.meta.url));
const MOMENT = "fmot.holdout-hero";
let server, browser, session;
let failedStep = null;

function step(name, body) {
  it(name, async () => {
    if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
    try { await body(); } catch (error) { failedStep = name; throw error; }
  });
}
const shot = (name) => session.page.screenshot({ path: `${SHOTS}holdouts-${name}.png`, fullPage: true });
const apiCall = (method, path, body) => adminCall(server, method, path, body);

describe("holdouts: create, journey, report, end (real server)", { skip: process.env.MOMENTS_E2E_TARGET === "mock" ? "checked against the real server" : false }, () => {
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    [server, browser] = await Promise.all([startTarget(), launch()]);
    session = await openPage(browser, server.url, { width: 1280, height: 900 });
    await session.page.addInitScript((key) => sessionStorage.setItem("moments.key", key), server.adminKey);
    await apiCall("POST", "/api/v1/moments", { key: MOMENT, stage: "FMOT", name: "Holdout hero" });
    await apiCall("POST", "/api/v1/experiments", {
      key: "holdout-hero", moment: MOMENT, name: "Holdout hero", primaryMetric: "signup", trafficPercent: 100,
      variants: [{ key: "control", weight: 50 }, { key: "bold", weight: 50 }], control: "control",
    });
    await apiCall("POST", "/api/v1/experiments/holdout-hero/start", {});
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step("a holdout is created in the holdouts page; a bad percent is refused on its field", async () => {
    const { page } = session;
    await page.goto(`${server.url}/#/holdouts`);
    await page.waitForSelector("#holdout-form");
    await page.fill('[data-field="key"]', "q1-holdout");
    await page.fill('[data-field="name"]', "Q1 journey holdout");
    await page.fill('[data-field="percent"]', "60");
    await page.click("#holdout-form button[type=submit]");
    await page.waitForSelector("#holdout-form .has-error");
    await page.fill('[data-field="percent"]', "20");
    await page.fill('[data-field="metrics"]', "signup");
    await page.check(`[data-field="moment:${MOMENT}"]`);
    await page.click("#holdout-form button[type=submit]");
    await page.waitForSelector('[data-holdout="q1-holdout"]');
    assert.match(await page.textContent('[data-holdout="q1-holdout"]'), /20% of visitors · fmot\.holdout-hero/);
    const stored = await apiCall("GET", "/api/v1/holdouts/q1-holdout");
    assert.deepEqual([stored.percent, stored.moments, stored.status], [20, [MOMENT], "running"]);
    await shot("list");
  });

  step("the journey shows the holdout on the moment it covers", async () => {
    const { page } = session;
    await page.goto(`${server.url}/#/journey`);
    await page.waitForSelector(`[data-moment="${MOMENT}"] [data-holdout="q1-holdout"]`);
    assert.match(await page.textContent(`[data-moment="${MOMENT}"] .moment-holdout`), /20% of visitors see no experiment here/);
    await shot("journey");
  });

  step("the report page compares held out and exposed units", async () => {
    const key = (await apiCall("POST", "/api/v1/keys", { kind: "server", name: "holdout e2e" })).key;
    const post = (path, body) => fetch(server.url + path, { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    for (let deadline = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 100))) {
      const config = await (await fetch(server.url + "/api/v1/sdk/config", { headers: { Authorization: `Bearer ${key}` } })).json();
      if (config.holdouts.some((h) => h.key === "q1-holdout")) break;
      assert.ok(Date.now() < deadline, "the holdout reaches /sdk/config");
    }
    const events = [];
    for (let i = 0; i < 60; i++) {
      const r = await post("/api/v1/assign", { unitId: `h-${i}`, moments: [MOMENT] });
      assert.equal(r.status, 200);
      if (i % 3 === 0) events.push({ id: `s-${i}`, type: "conversion", unitId: `h-${i}`, metric: "signup", timestamp: new Date(Date.now() + 1000).toISOString() });
    }
    assert.equal((await post("/api/v1/events", { events })).status, 202);
    const { page } = session;
    for (let deadline = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 300))) {
      const r = await apiCall("GET", "/api/v1/holdouts/q1-holdout/report");
      if (r.variants.reduce((n, v) => n + v.units, 0) === 60 && r.metrics[0].variants.reduce((n, v) => n + v.conversions, 0) === 20) break;
      assert.ok(Date.now() < deadline, "the report folds 60 units and 20 sign-ups: " + JSON.stringify(r.variants));
    }
    await page.goto(`${server.url}/#/holdouts/q1-holdout`);
    await page.waitForSelector('[data-holdout-report="q1-holdout"] tr[data-metric="signup"]');
    const units = await page.textContent("[data-units]");
    const [held, exposed] = units.match(/\d+/g).map(Number);
    assert.equal(held + exposed, 60, units);
    assert.ok(held > 0 && exposed > held, units);
    assert.match(await page.textContent('tr[data-metric="signup"]'), /%/);
    await shot("report");
  });

  step("ending it from the page keeps its report", async () => {
    const { page } = session;
    await page.goto(`${server.url}/#/holdouts`);
    await page.click('[data-end="q1-holdout"]');
    await page.waitForSelector("dialog[open]");
    await page.click("dialog[open] [data-confirm]");
    await page.waitForSelector('[data-holdout="q1-holdout"]:not(:has([data-end]))');
    assert.match(await page.textContent('[data-holdout="q1-holdout"]'), /Ended/);
    assert.equal((await apiCall("GET", "/api/v1/holdouts/q1-holdout")).status, "ended");
    await page.goto(`${server.url}/#/holdouts/q1-holdout`);
    await page.waitForSelector('[data-holdout-report="q1-holdout"]');
  });
});
