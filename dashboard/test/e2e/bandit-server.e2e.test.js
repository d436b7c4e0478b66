// Bandits end to end in Chromium against the real server jar (issue 21): a bandit created through the form (its
// floor refused by the server on its field), started, visited and converted through the SDK routes; its page shows
// the weight history the server keeps (GET .../weights) as a stacked area chart and the report's "best arm with
// probability p", never a winner. Screenshots go to target/screenshots/bandit-server-*.png.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, openPage } from "../support/browser.js";
import { startTarget } from "../support/servers.js";
import { adminCall } from "../support/admin-api.js";
import { createBanditThroughForm } from "../support/bandit-form.js";

const SHOTS = fileURLToPath(new URL("../../target/screenshots/", import.meta.url));
const MOMENT = "lzmot.bandit-ad";
let server, browser, session;
let failedStep = null;

function step(name, body) {
  it(name, async () => {
    if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
    try { await body(); } catch (error) { failedStep = name; throw error; }
  });
}
const shot = (name) => session.page.screenshot({ path: `${SHOTS}bandit-server-${name}.png`, fullPage: true });
const apiCall = (method, path, body) => adminCall(server, method, path, body);

describe("bandits: create, weights, best arm (real server)", { skip: process.env.MOMENTS_E2E_TARGET === "mock" ? "checked against the real server" : false }, () => {
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    [server, browser] = await Promise.all([startTarget(), launch()]);
    session = await openPage(browser, server.url, { width: 1280, height: 900 });
    await session.page.addInitScript((key) => sessionStorage.setItem("moments.key", key), server.adminKey);
    await apiCall("POST", "/api/v1/moments", { key: MOMENT, stage: "LZMOT", name: "Bandit ad" });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step("a bandit is created through the form; a floor too high for its arms is refused on its field", async () => {
    const { page } = session;
    await createBanditThroughForm(page, server.url, MOMENT, { updateEvery: "P1D", screenshot: `${SHOTS}bandit-server-form-error.png` });
    const stored = await apiCall("GET", "/api/v1/experiments/offer-bandit");
    assert.deepEqual(stored.allocation, { type: "bandit", updateEvery: "P1D", minShare: 0.1, burnInUnits: 1000 });
    assert.equal(stored.sticky, true);
  });

  step("started and visited, its page shows the server's weight history and the best arm, never a winner", async () => {
    await apiCall("POST", "/api/v1/experiments/offer-bandit/start", {});
    const key = (await apiCall("POST", "/api/v1/keys", { kind: "server", name: "bandit e2e" })).key;
    const post = (path, body) => fetch(server.url + path, { method: "POST", headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" }, body: JSON.stringify(body) });
    for (let deadline = Date.now() + 10_000; ; await new Promise((r) => setTimeout(r, 100))) {
      const config = await (await fetch(server.url + "/api/v1/sdk/config", { headers: { Authorization: `Bearer ${key}` } })).json();
      if (config.experiments.some((e) => e.key === "offer-bandit" && e.allocation?.type === "bandit")) break;
      assert.ok(Date.now() < deadline, "the bandit reaches /sdk/config");
    }
    const events = [];
    for (let i = 0; i < 40; i++) {
      const r = await post("/api/v1/assign", { unitId: `b-${i}`, moments: [MOMENT] });
      assert.equal(r.status, 200);
      if (i % 4 === 0) events.push({ id: `c-${i}`, type: "conversion", unitId: `b-${i}`, metric: "ad_click", timestamp: new Date(Date.now() + 1000).toISOString() });
    }
    assert.equal((await post("/api/v1/events", { events })).status, 202);
    for (let deadline = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 300))) {
      const r = await apiCall("GET", "/api/v1/experiments/offer-bandit/report");
      if (r.variants.reduce((n, v) => n + v.units, 0) === 40) break;
      assert.ok(Date.now() < deadline, "the report folds 40 units: " + JSON.stringify(r.variants));
    }
    const history = (await apiCall("GET", "/api/v1/experiments/offer-bandit/weights")).history;
    assert.equal(history.length, 1, "before its first update a bandit has the start's equal split");
    assert.deepEqual(Object.values(history[0].weights).map((w) => Math.round(w * 100)), [50, 50]);

    const { page } = session;
    // the form left the page on this experiment as a draft: same URL, so load it again
    await page.goto(`${server.url}/#/experiments/offer-bandit`);
    await page.reload();
    await page.waitForSelector("[data-weights]");
    assert.equal(await page.locator("[data-weights]").getAttribute("data-weights"), "1");
    assert.equal(await page.locator(".chart-weights polygon").count(), 2, "one area per arm");
    await page.waitForSelector("[data-best-arm-sentence]");
    assert.match(await page.locator("[data-best-arm-sentence]").textContent(), /is the best arm with probability \d+%/);
    assert.doesNotMatch(await page.locator(".decision").textContent(), /winner/i);
    await shot("page");
  });
});
