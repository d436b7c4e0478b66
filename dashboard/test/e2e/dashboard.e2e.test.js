// End to end: the dashboard in Debian's chromium against the real server jar (a fresh database),
// from sign-in to stopping an experiment with a rollout. Screenshots go to target/screenshots/.
// MOMENTS_E2E_TARGET=mock runs the same flow against dev/mock-server.js.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, openPage } from "../support/browser.js";
import { startTarget } from "../support/servers.js";
import { compareWithReport } from "../support/report-path.js";
import { adminCall } from "../support/admin-api.js";
import { chartTextProblems, chartsSettled, hiddenDecisiveCells, pageOverflow } from "../support/layout.js";
import { decide, loadConfig } from "../../../sdk-js/src/engine.js";

const SHOTS = fileURLToPath(new URL("../../target/screenshots/", import.meta.url));
const MOMENT = "fmot.e2e-hero";
const EXPERIMENT = "e2e-hero-3way";
const VARIANTS = ["control", "bold", "video"];
const UNITS_PER_VARIANT = 300;

let server, browser, session;
let failedStep = null;

/** The flow is one story: once a step fails, the later ones fail at once instead of timing out. */
function step(name, body) {
  it(name, async () => {
    if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
    try {
      await body();
    } catch (error) {
      failedStep = name;
      throw error;
    }
  });
}
const shot = (name, options = {}) => session.page.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true, ...options });

const apiCall = (method, path, body) => adminCall(server, method, path, body);

/**
 * 300 unit ids per variant whose hash gives that variant, by the SDK's own core: the server leaves an
 * exposure that names another variant than the unit's hash gives out of the statistics.
 */
async function unitsByVariant() {
  const e = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}`);
  const variants = e.variants.map((v) => ({ key: v.key, weight: v.weight, payload: {} }));
  const config = { experiments: [{ key: EXPERIMENT, moment: MOMENT, salt: e.salt, status: "running", trafficPercent: 100, variants }] };
  const moment = loadConfig(config).get(MOMENT);
  const units = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let i = 0; VARIANTS.some((v) => units[v].length < UNITS_PER_VARIANT); i++) {
    const unitId = `e2e-${i}`;
    // the mock server keeps no salt and counts every exposure
    const variant = e.salt ? decide(moment, unitId, {}).variant.key : VARIANTS[i % VARIANTS.length];
    if (units[variant].length < UNITS_PER_VARIANT) units[variant].push(unitId);
  }
  return units;
}

/** Exposures for 300 units per variant, and conversions at rates that differ by variant. */
function events(units) {
  const rates = { control: { signup: 0.1, first_purchase: 0.4 }, bold: { signup: 0.2, first_purchase: 0.5 }, video: { signup: 0.12, first_purchase: 0.3 } };
  const devices = ["mobile", "desktop"];
  const now = Date.now(); // after the start: an event dated before it is left out (beforeStart)
  const out = [];
  VARIANTS.forEach((variant, v) => {
    for (let i = 0; i < UNITS_PER_VARIANT; i++) {
      const unitId = units[variant][i];
      const at = (offset) => new Date(now + offset).toISOString();
      const attributes = { device: devices[i % 2] };
      out.push({ id: `${unitId}-x`, type: "exposure", unitId, experiment: EXPERIMENT, variant, timestamp: at(0), attributes });
      // deterministic spread: unit i converts when its position falls under the rate
      const signedUp = (i * 7 + v) % 100 < rates[variant].signup * 100;
      if (signedUp) {
        out.push({ id: `${unitId}-s`, type: "conversion", unitId, metric: "signup", timestamp: at(1000), attributes });
        if ((i * 13) % 100 < rates[variant].first_purchase * 100) {
          out.push({ id: `${unitId}-p`, type: "conversion", unitId, metric: "first_purchase", timestamp: at(2000), attributes });
          out.push({ id: `${unitId}-r`, type: "conversion", unitId, metric: "revenue", value: 20 + (i % 5) * 10, timestamp: at(3000), attributes });
        }
      }
      if (i % 50 === 0) out.push({ id: `${unitId}-f`, type: "conversion", unitId, metric: "refund", timestamp: at(4000), attributes });
      // the FMOT preset's metrics: bold bounces less (good for a metric to decrease), time on page in seconds
      if (i % 10 < (variant === "bold" ? 1 : 7)) out.push({ id: `${unitId}-b`, type: "conversion", unitId, metric: "bounce", timestamp: at(500), attributes });
      out.push({ id: `${unitId}-t`, type: "conversion", unitId, metric: "time_on_page", value: 20 + (i % 4) * 10, timestamp: at(600), attributes });
      if (variant === "bold" && i < 3) out.push({ id: `${unitId}-typo`, type: "conversion", unitId, metric: "sigup", timestamp: at(1000), attributes });
    }
  });
  return out;
}

async function pollReport(query = "") {
  const deadline = Date.now() + 20_000;
  let report;
  while (Date.now() < deadline) {
    report = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}/report${query}`);
    const units = (report.variants ?? []).map((v) => v.units ?? 0);
    if (units.length === 3 && units.every((u) => u >= UNITS_PER_VARIANT)) {
      // conversions may still be on their way after the exposures: wait until the report holds still
      await new Promise((r) => setTimeout(r, 700));
      const again = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}/report${query}`);
      if (JSON.stringify(again.metrics) === JSON.stringify(report.metrics)) return again;
      continue;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.fail(`The report did not reach ${UNITS_PER_VARIANT} units per variant within 20 s: ${JSON.stringify(report?.variants)}`);
}

/** A second browser window, signed in, on the experiment's report; `size` is its viewport. */
async function reportWindow(size) {
  const w = await signedInAs(server.adminKey, size);
  await w.page.goto(`${server.url}/#/experiments/${EXPERIMENT}`);
  await w.page.waitForSelector(".decision");
  return w;
}

/** A second browser window signed in with `key`, on the journey; `size` is its viewport. */
async function signedInAs(key, size = { width: 1280, height: 900 }) {
  const w = await openPage(browser, server.url, size);
  w.page.setDefaultTimeout(15_000);
  await w.page.goto(`${server.url}/`);
  await w.page.fill("#signin-key", key);
  await w.page.click("#signin-form button[type=submit]");
  await w.page.waitForSelector(".journey");
  return w;
}

const numbersOnPage = (page) => page.$$eval("[data-path]", (els) => els
  .filter((el) => el.dataset.path)
  .map((el) => ({ path: JSON.parse(el.dataset.path), value: el.dataset.value ?? "" })));

describe("dashboard against the server", { timeout: 300_000 }, () => {
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startTarget();
    const index = await fetch(`${server.url}/`);
    const body = await index.text();
    if (index.status !== 200 || !body.includes('id="main"')) {
      throw new Error(`The server does not serve the dashboard at / (GET / answered ${index.status}); dashboard/src must be packaged as classpath webroot/ and served.`);
    }
    browser = await launch();
    session = await openPage(browser, server.url, { width: 1280, height: 900 });
    session.page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  step("signs in, refusing a wrong key first", async () => {
    const { page } = session;
    await page.goto(`${server.url}/`);
    await page.waitForSelector("#signin-key");
    await shot("01-sign-in");
    await page.fill("#signin-key", "not-the-key-000000000000000000000");
    await page.click("#signin-form button[type=submit]");
    await page.waitForSelector("#signin-message .notice-bad");
    assert.match(await page.textContent("#signin-message"), /not accepted/);
    await page.fill("#signin-key", server.adminKey);
    await page.keyboard.press("Enter");
    await page.waitForSelector(".journey");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("moments.key")), server.adminKey);
    assert.equal(await page.locator(".stage").count(), 5, "five stages from LZMOT to UMOT");
    assert.deepEqual(await page.$$eval(".stage", (els) => els.map((e) => e.dataset.stage)), ["LZMOT", "ZMOT", "FMOT", "SMOT", "UMOT"]);
  });

  step("creates a moment through the form", async () => {
    const { page } = session;
    await page.click("nav >> text=New moment");
    await page.waitForSelector("#moment-form");
    await page.selectOption('[data-field="stage"]', "FMOT");
    await page.fill('[data-field="key"]', MOMENT);
    await page.fill('[data-field="name"]', "E2E landing hero");
    await page.fill('[data-field="description"]', "First screen of the landing page.");
    await page.click("#moment-form button[type=submit]");
    await page.waitForSelector("#experiment-form");
    assert.equal(await page.inputValue('[data-field="moment"]'), MOMENT, "the new experiment form opens on the new moment");
    assert.match(await page.textContent(".notice-good"), /E2E landing hero/, "and says the moment was created");
  });

  step("rejects a zero weight next to the field, then creates the three-variant experiment", async () => {
    const { page } = session;
    await page.fill('[data-field="key"]', EXPERIMENT);
    await page.fill('[data-field="name"]', "Three heroes");
    await page.fill('[data-field="hypothesis"]', "A bold or video hero keeps more visitors past the first seconds.");
    await page.fill('[data-field="variants[0].payload"]', '{"layout":"classic"}');
    await page.fill('[data-field="variants[1].key"]', "bold");
    await page.fill('[data-field="variants[1].payload"]', '{"layout":"bold"}');
    await page.click('[data-add="variants"]');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.field), "variants[2].key", "focus moves to the new variant");
    await page.fill('[data-field="variants[2].key"]', "video");
    await page.fill('[data-field="variants[2].weight"]', "0");
    await page.fill('[data-field="variants[2].payload"]', '{"layout":"video"}');
    for (let i = 0; i < 3; i++) await page.fill(`[data-field="variants[${i}].weight"]`, i === 2 ? "0" : "34");
    await page.fill('[data-field="primaryMetric.key"]', "signup");
    await page.click('[data-add="secondaryMetrics"]');
    await page.fill('[data-field="secondaryMetrics[0].key"]', "first_purchase");
    await page.click('[data-add="secondaryMetrics"]');
    await page.fill('[data-field="secondaryMetrics[1].key"]', "revenue");
    await page.selectOption('[data-field="secondaryMetrics[1].type"]', "mean");
    await page.click('[data-add="guardrailMetrics"]');
    await page.fill('[data-field="guardrailMetrics[0].key"]', "refund");
    assert.equal(await page.inputValue('[data-field="guardrailMetrics[0].direction"]'), "decrease", "a guardrail is lower-is-better unless said otherwise");
    assert.ok(await page.isChecked('[data-field="preset"]'), "an FMOT moment offers its metrics");
    await page.fill('[data-field="funnel"]', "signup, first_purchase");
    assert.equal(await page.inputValue('[data-field="stats.method"]'), "group_sequential", "new experiments are group-sequential");
    // this story reads significance on the day's own data, which always-valid intervals allow; a
    // group-sequential test waits for its first daily look (the step after the report checks it)
    await page.selectOption('[data-field="stats.method"]', "always_valid");
    await page.locator('[data-field="funnel"]').scrollIntoViewIfNeeded();
    await page.locator("fieldset:has(#guardrailMetrics-section)").screenshot({ path: `${SHOTS}04a-form-metrics.png` });
    await page.click("#experiment-form button[type=submit]");

    const field = page.locator('.field[data-for="variants[2].weight"]');
    await field.locator(".field-error:not(:empty)").waitFor();
    assert.ok((await field.getAttribute("class")).includes("has-error"));
    assert.ok((await field.locator(".field-error").textContent()).trim().length > 0);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.field), "variants[2].weight", "focus goes to the field at fault");
    assert.equal(await page.locator(".field.has-error").count(), 1, "only the faulty field is marked");
    await field.scrollIntoViewIfNeeded();
    await shot("04-create-form-error", { fullPage: false });

    await page.fill('[data-field="variants[2].weight"]', "32");
    await page.click("#experiment-form button[type=submit]");
    await page.waitForSelector(`[data-experiment="${EXPERIMENT}"]`);
    assert.match(await page.textContent("h1"), /Three heroes/);
    const saved = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}`);
    assert.equal(saved.status, "draft");
    assert.deepEqual(saved.variants.map((v) => [v.key, v.weight, v.kind]), [["control", 34, "landing_page"], ["bold", 34, "landing_page"], ["video", 32, "landing_page"]]);
    assert.deepEqual(saved.variants[2].payload, { layout: "video" });
    assert.deepEqual(saved.funnel, ["signup", "first_purchase"]);
    assert.equal(saved.stats.method, "always_valid");
    assert.deepEqual(saved.guardrailMetrics.map((m) => [m.key, m.direction]), [["refund", "decrease"], ["bounce", "decrease"]]);
    assert.deepEqual(saved.secondaryMetrics.map((m) => [m.key, m.unit ?? null]), [["first_purchase", null], ["revenue", null], ["engaged", null], ["time_on_page", "s"]]);
  });

  step("starts the experiment after a confirmation", async () => {
    const { page } = session;
    await page.click("[data-action=start]");
    await page.waitForSelector("dialog[open]");
    assert.ok(await page.evaluate(() => document.activeElement.closest("dialog") !== null), "focus moves into the dialog");
    await page.click("dialog [data-confirm]");
    await page.waitForSelector(".badge-status >> text=Running");
    assert.equal((await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}`)).status, "running");
  });

  step("has nothing to check yet while no unit is counted", async () => {
    const { page } = session;
    await page.waitForSelector(".health");
    const report = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}/report`);
    assert.equal(report.variants.reduce((a, v) => a + v.units, 0), 0, "no unit yet");
    const sampleRatio = page.locator(".health-item").first();
    assert.match(await sampleRatio.getAttribute("class"), /health-neutral/, "neutral, not green");
    assert.match(await sampleRatio.textContent(), /Nothing to check yet/);
    assert.equal(await page.locator(".health-ok").count(), 0, "no check shows as passed");
    assert.doesNotMatch(await page.textContent("main"), /Split matches the weights/);
    assert.match(await page.textContent("#variants-title + p"), /^0 units in the statistics · data as of .+$/);
    await shot("03a-report-no-units");
  });

  step("shows the same numbers as the JSON report once events arrive", async () => {
    const { page } = session;
    const all = events(await unitsByVariant());
    for (let i = 0; i < all.length; i += 500) {
      const answer = await apiCall("POST", "/api/v1/events", { events: all.slice(i, i + 500) });
      assert.deepEqual(answer.rejected ?? [], [], "no event is rejected");
    }
    const report = await pollReport();
    await page.reload();
    await page.waitForSelector(".decision");
    const cells = await numbersOnPage(page);
    const { compared, mismatches } = compareWithReport(cells, report);
    assert.deepEqual(mismatches, [], "every number on the page equals the report's");
    assert.ok(compared >= 60, `only ${compared} numbers compared`);
    const paths = cells.map((c) => JSON.stringify(c.path));
    for (const v of VARIANTS) assert.ok(paths.includes(JSON.stringify(["variants", v, "units"])), `units of ${v} shown`);
    assert.ok(paths.includes(JSON.stringify(["metrics", "signup", "comparisons", "bold", "pValue"])));
    assert.ok(paths.includes(JSON.stringify(["srm", "pValue"])));
    assert.equal(await page.textContent("#decision-reason"), report.decision.reason);
    const drawable = report.metrics.filter((m) => (m.comparisons ?? []).some((c) => Number.isFinite(c.relativeLift)));
    assert.equal(await page.locator(".chart-forest").count(), drawable.length, "one forest plot per metric with a lift to draw");
    assert.ok(drawable.length >= 3);
    assert.equal(await page.locator(".chart-timeline").count(), 1);
    assert.equal(await page.locator(".chart-funnel").count(), 1, "the declared funnel is drawn");
    assert.deepEqual(report.funnel.map((s) => s.metric), ["signup", "first_purchase"]);
    // fewer bounces is better: bold's significant drop is green, and the unit of time on page is printed
    const bounce = report.metrics.find((m) => m.metric === "bounce").comparisons.find((c) => c.variant === "bold");
    assert.equal(bounce.significant, true, JSON.stringify(bounce));
    assert.equal(bounce.improvement, true, JSON.stringify(bounce));
    const bounceLift = page.locator(`td[data-path='${JSON.stringify(["metrics", "bounce", "comparisons", "bold", "relativeLift"])}']`);
    assert.match(await bounceLift.getAttribute("class"), /lift-pos/);
    assert.match(await page.textContent('[data-metric="bounce"]'), /lower is better/);
    assert.match(await page.textContent('[data-metric="time_on_page"]'), /\d s\b/);
    assert.match(await page.textContent("[data-warnings]"), /3 conversions for `sigup`/);
    assert.match(await page.textContent("#method-sentence"), /^Always-valid intervals: safe to read every day/);
    await shot("03-experiment-report");
  });

  step("stays legible from 1280 to 390 wide and turned sideways: charts redrawn, decisive columns in view", async () => {
    const { page, problems, context } = await reportWindow({ width: 1280, height: 900 });
    try {
      await chartsSettled(page);
      assert.deepEqual(await chartTextProblems(page), [], "at 1280 px");
      assert.deepEqual(await hiddenDecisiveCells(page), [], "at 1280 px");
      await page.screenshot({ path: `${SHOTS}09-report-1280.png`, fullPage: true });

      await page.setViewportSize({ width: 390, height: 844 });
      await chartsSettled(page);
      assert.deepEqual(await chartTextProblems(page), [], "after resizing to 390 px");
      assert.deepEqual(await hiddenDecisiveCells(page), [], "after resizing to 390 px");
      assert.ok(await pageOverflow(page) <= 0, "the report fits 390 px");
      const header = (await page.locator("#topbar").boundingBox()).height;
      assert.ok(header <= 56, `the sticky header takes ${header} px`);
      await page.screenshot({ path: `${SHOTS}10-report-resized-to-390.png`, fullPage: true });

      await page.setViewportSize({ width: 844, height: 390 });
      await chartsSettled(page);
      assert.deepEqual(await chartTextProblems(page), [], "turned sideways (844 × 390)");
      assert.deepEqual(await hiddenDecisiveCells(page), [], "turned sideways");
      await page.screenshot({ path: `${SHOTS}11-report-landscape-844.png`, fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });

  step("splits the report by segment", async () => {
    const { page } = session;
    await page.selectOption("#segment", "device");
    await page.waitForSelector("[data-segment]");
    assert.equal(await page.evaluate(() => document.activeElement.id), "segment", "focus stays on the selector");
    const report = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}/report?segment=device`);
    const cells = await numbersOnPage(page);
    const { mismatches } = compareWithReport(cells, report);
    assert.deepEqual(mismatches, []);
    assert.deepEqual((await page.$$eval("[data-segment]", (els) => els.map((e) => e.dataset.segment))).sort(), ["desktop", "mobile"]);
    assert.ok(cells.some((c) => c.path[0] === "segments"), "segment numbers are on the page");
  });

  step("downloads the CSV with the bearer key, split as the page shows it", async () => {
    const { page } = session;
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=csv]")]);
    assert.equal(download.suggestedFilename(), `${EXPERIMENT}-report.csv`);
    const text = await readFile(await download.path(), "utf8");
    // the page shows the device split (the step before): the CSV carries it, not the whole report alone
    const expected = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}/report.csv?segment=device`);
    assert.equal(text, expected);
    const lines = text.trim().split(/\r?\n/);
    assert.ok(lines[0].endsWith(",segment,segment_value"), lines[0]);
    assert.ok(lines.length >= 1 + 3 * 4 * 3, `one row per metric × variant, overall and per device, got ${lines.length - 1}`);
    assert.ok(lines.some((l) => l.endsWith(",device,mobile")), "the mobile segment's rows");
  });

  step("shows the experiment's decision on the journey", async () => {
    const { page } = session;
    await page.click("nav >> text=Journey");
    const row = page.locator(`[data-experiment="${EXPERIMENT}"]`);
    await row.waitFor();
    const report = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}/report`);
    // the journey draws its rows first and each badge when that experiment's report arrives
    await row.locator(".badge-outcome").waitFor({ timeout: 10_000 });
    assert.ok(await row.locator(".badge-outcome").count() === 1, "a decision badge");
    assert.equal(await page.locator(`.stage[data-stage="FMOT"] [data-moment="${MOMENT}"]`).count(), 1, "the moment sits in its stage");
    assert.ok(report.decision?.outcome, "the report has a decision");
    await shot("02-journey");
  });

  step("signs in a viewer: reading only, and the server refuses a viewer's change", async () => {
    const viewer = await apiCall("POST", "/api/v1/people", { name: "Vera Viewer", email: "vera@example.com", role: "viewer" });
    const w = await signedInAs(viewer.key);
    try {
      assert.equal(await w.page.textContent("#who"), "Vera Viewer · viewer");
      for (const link of ["New experiment", "New moment", "People", "Webhooks", "Install"]) {
        assert.equal(await w.page.isVisible(`nav >> text=${link}`), false, `no ${link} in the bar`);
      }
      assert.equal(await w.page.locator('.page-head .actions a[href^="#/new"], .add-link').count(), 0, "no create buttons on the journey");
      assert.equal(await w.page.isVisible("[data-toggle=archived]"), true, "a viewer may still look at archived experiments");
      await w.page.goto(`${server.url}/#/experiments/${EXPERIMENT}`);
      await w.page.waitForSelector(".decision");
      assert.deepEqual(await w.page.$$eval(".page-head .actions > *", (els) => els.map((e) => e.textContent.trim())), ["Download CSV", "Install"]);
      await w.page.click(`.page-head .actions a[href="#/install?experiment=${EXPERIMENT}"]`);
      await w.page.waitForSelector("#snippet-web:not(:empty)");
      assert.match(await w.page.textContent("#snippet-web"), /clientKey: "YOUR_CLIENT_KEY"/, "a viewer gets the snippet with the placeholder");
      assert.equal(await w.page.locator("[data-keys], #key-form, [data-field=key]").count(), 0, "and no keys");
      await w.page.goto(`${server.url}/#/experiments/${EXPERIMENT}`);
      await w.page.waitForSelector(".decision");
      const refused = await w.page.evaluate(async (path) => {
        const r = await fetch(path, { method: "POST", headers: { Authorization: `Bearer ${sessionStorage.getItem("moments.key")}` } });
        return { status: r.status, body: await r.json() };
      }, `/api/v1/experiments/${EXPERIMENT}/pause`);
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, "forbidden");
      assert.equal((await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}`)).status, "running", "the refused call changed nothing");
      assert.deepEqual(w.problems, []);
    } finally {
      await w.context.close();
    }
  });

  step("signs in an editor, who pauses and resumes; the audit log names them", async () => {
    const editor = await apiCall("POST", "/api/v1/people", { name: "Eddie Editor", email: "eddie@example.com", role: "editor" });
    const w = await signedInAs(editor.key);
    try {
      assert.equal(await w.page.textContent("#who"), "Eddie Editor · editor");
      assert.equal(await w.page.isVisible("nav >> text=New experiment"), true);
      assert.equal(await w.page.isVisible("nav >> text=People"), false, "people are for admins");
      assert.equal(await w.page.isVisible("nav >> text=Webhooks"), false, "webhooks are for admins");
      await w.page.goto(`${server.url}/#/experiments/${EXPERIMENT}`);
      for (const [action, badge] of [["pause", "Paused"], ["start", "Running"]]) {
        await w.page.click(`[data-action=${action}]`);
        await w.page.click("dialog[open] [data-confirm]");
        await w.page.waitForSelector(`.badge-status >> text=${badge}`);
      }
      if (server.kind === "jar") {
        const { entries } = await apiCall("GET", "/api/v1/audit?entityType=experiment");
        const latest = entries.filter((e) => e.entityKey === EXPERIMENT).slice(0, 2);
        assert.equal(latest.length, 2, "the pause and the resume are in the audit log");
        for (const entry of latest) {
          assert.equal(entry.actor.person?.name, "Eddie Editor", JSON.stringify(entry));
          assert.equal(entry.actor.keyPrefix, editor.key.slice(0, 4));
        }
      }
      assert.deepEqual(w.problems, []);
    } finally {
      await w.context.close();
    }
  });

  step("computes the sample size with the power calculator", async () => {
    const { page } = session;
    await page.click("nav >> text=Power calculator");
    await page.fill('[data-field="baseline"]', "0.023");
    await page.fill('[data-field="mde"]', "0.25");
    await page.fill('[data-field="daily"]', "2000");
    await page.click("#power-form button[type=submit]");
    const cell = page.locator('[data-field-result="unitsPerVariant"]');
    await cell.waitFor();
    const answer = await apiCall("GET", "/api/v1/power?baseline=0.023&mde=0.25&alpha=0.05&power=0.8&variants=2");
    assert.equal(Number(await cell.getAttribute("data-value")), answer.unitsPerVariant);
    if (server.kind === "jar") assert.equal(answer.fixedUnitsPerVariant, 11967, "R power.prop.test: 11966.14, rounded up");
    if (server.kind === "jar") assert.ok(answer.unitsPerVariant > 11967 && answer.method === "group_sequential", "the default plan is inflated for daily looks");
    await shot("05-power-calculator");
  });

  step("stops with a rollout; Escape cancels and returns focus", async () => {
    const { page } = session;
    await page.goto(`${server.url}/#/experiments/${EXPERIMENT}`);
    await page.waitForSelector("[data-action=stop]");
    await page.focus("[data-action=stop]");
    await page.keyboard.press("Enter");
    await page.waitForSelector("dialog[open]");
    await page.keyboard.press("Escape");
    await page.waitForSelector("dialog", { state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), "stop", "focus returns to the Stop button");
    assert.equal((await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}`)).status, "running", "cancel changes nothing");

    await page.click("[data-action=stop]");
    await page.waitForSelector("dialog[open] #rollout");
    await page.selectOption("dialog #rollout", "bold");
    await shot("06-stop-dialog", { fullPage: false });
    await page.click("dialog [data-confirm]");
    await page.waitForSelector(".badge-status >> text=Stopped");
    const stopped = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}`);
    assert.equal(stopped.status, "stopped");
    assert.equal(stopped.rollout, "bold");
  });

  step("works at a phone's width", async () => {
    const phone = await openPage(browser, server.url, { width: 390, height: 844, mobile: true });
    try {
      await phone.page.goto(`${server.url}/`);
      await phone.page.fill("#signin-key", server.adminKey);
      await phone.page.click("#signin-form button[type=submit]");
      await phone.page.waitForSelector(".journey");
      assert.ok(await pageOverflow(phone.page) <= 0, "the journey fits the screen");
      await phone.page.screenshot({ path: `${SHOTS}07-phone-journey.png`, fullPage: true });
      await phone.page.goto(`${server.url}/#/experiments/${EXPERIMENT}`);
      await phone.page.waitForSelector(".decision");
      assert.ok(await pageOverflow(phone.page) <= 0, "the report fits the screen");
      assert.deepEqual(await hiddenDecisiveCells(phone.page), [], "lift, interval and chance to beat in view without scrolling");
      assert.deepEqual(await chartTextProblems(phone.page), []);
      await phone.page.screenshot({ path: `${SHOTS}08-phone-report.png`, fullPage: true });
      assert.deepEqual(phone.problems, []);
    } finally {
      await phone.context.close();
    }
  });

  step("explains a group-sequential report in one sentence: no look before the first completed day", async () => {
    const { page } = session;
    // a moment of its own: the three-way experiment holds all of its moment's traffic
    await apiCall("POST", "/api/v1/moments", { key: "fmot.e2e-gs", stage: "FMOT", name: "Group-sequential hero" });
    await apiCall("POST", "/api/v1/experiments", {
      key: "e2e-gs", moment: "fmot.e2e-gs", name: "Group-sequential hero", control: "control", primaryMetric: "signup",
      variants: [{ key: "control", weight: 50 }, { key: "bold", weight: 50 }],
      stats: { method: "group_sequential", spending: "pocock", baseline: 0.1 },
    });
    await apiCall("POST", "/api/v1/experiments/e2e-gs/start");
    await page.goto(`${server.url}/#/experiments/e2e-gs`);
    await page.waitForSelector("#method-sentence");
    assert.match(await page.textContent("#method-sentence"), /^Group-sequential test \(Pocock spending\): one look a day at 00:00 UTC over the completed days; until the first look every figure is preliminary/);
    assert.match(await page.textContent(".setup"), /group-sequential \(Pocock\)/);
    await shot("12-report-group-sequential");
  });

  it("made no request outside the server and logged no error", () => {
    assert.deepEqual(session.problems, []);
  });
});
