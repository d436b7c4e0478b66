// Page-level browser tests against the mock server and its demo data: every decision badge, the
// SRM and draft pages, a sparse report, session expiry, keyboard focus, editing, phone widths.
// Screenshots go to target/screenshots/mock/.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, openPage } from "../support/browser.js";
import { startMockServer, DEV_KEY } from "../../dev/mock-server.js";

const SHOTS = fileURLToPath(new URL("../../target/screenshots/mock/", import.meta.url));
let server, browser;

async function signedIn(options) {
  const s = await openPage(browser, server.url, options);
  s.page.setDefaultTimeout(10_000);
  await s.page.goto(`${server.url}/#/signin`);
  await s.page.fill("#admin-key", DEV_KEY);
  await s.page.click("#signin-form button[type=submit]");
  await s.page.waitForSelector(".journey");
  return s;
}

describe("dashboard pages on the mock server", { timeout: 120_000 }, () => {
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    server = await startMockServer({ port: 0 });
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it("shows every decision as a badge on the journey", async () => {
    const { page, problems, context } = await signedIn();
    const badge = (key) => page.locator(`[data-experiment="${key}"] .badge-outcome`).textContent();
    assert.equal(await badge("hero-2026-11"), "Winner");
    assert.equal(await badge("search-ad-copy"), "Keep running");
    assert.equal(await badge("onboarding-checklist"), "No difference");
    assert.equal(await badge("review-incentive"), "Guardrail harm");
    assert.equal(await badge("spring-ad-creative"), "SRM");
    assert.equal(await page.locator('[data-experiment="cta-wording"] .badge-outcome').count(), 0, "a draft has no decision");
    assert.match(await page.locator(".stage-explain").first().textContent(), /ad/);
    await page.screenshot({ path: `${SHOTS}journey.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("flags a sample-ratio mismatch in the decision and the health panel", async () => {
    const { page, problems, context } = await signedIn();
    await page.goto(`${server.url}/#/experiments/spring-ad-creative`);
    await page.waitForSelector('.decision[data-outcome="srm"]');
    assert.equal(await page.locator(".health-bad").count(), 1);
    await page.screenshot({ path: `${SHOTS}experiment-srm.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("offers the segments the report names, and shows the whole report for an unknown one", async () => {
    const { page, context } = await signedIn();
    await page.goto(`${server.url}/#/experiments/hero-2026-11?segment=shoe-size`);
    await page.waitForSelector(".decision");
    assert.equal(await page.locator("#segment").inputValue(), "");
    assert.equal(await page.locator("[data-segment]").count(), 0);
    const options = await page.$$eval("#segment option", (els) => els.map((e) => e.value).filter(Boolean));
    assert.deepEqual(options, ["device", "channel", "country", "intent", "returning"]);
    await context.close();
  });

  it("shows a draft's configuration and a Start button instead of a report", async () => {
    const { page, context } = await signedIn();
    await page.goto(`${server.url}/#/experiments/cta-wording`);
    await page.waitForSelector("[data-action=start]");
    assert.equal(await page.locator(".decision").count(), 0);
    assert.match(await page.textContent("main"), /draft/);
    await context.close();
  });

  it("renders a sparse report with a degenerate comparison without breaking", async () => {
    const { page, problems, context } = await signedIn();
    await page.route("**/api/v1/experiments/hero-2026-11/report*", (route) => route.fulfill({
      contentType: "application/json",
      body: JSON.stringify({ experiment: "hero-2026-11", status: "running", variants: [{ key: "control", units: 0 }, { key: "bold", units: 0 }],
        metrics: [{ metric: "signup", role: "primary", type: "binomial", variants: [{ key: "control", units: 0 }],
          comparisons: [{ variant: "bold", control: "control", error: "zero_units" }] }],
        decision: { outcome: "keep_running", reason: "Not enough visitors yet." } }),
    }));
    await page.goto(`${server.url}/#/experiments/hero-2026-11`);
    await page.waitForSelector(".decision");
    assert.match(await page.textContent(".metric"), /Not computable/);
    assert.match(await page.textContent("main"), /No daily results yet/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("sends the reader back to sign-in when the key stops working", async () => {
    const { page, context } = await signedIn();
    await page.evaluate(() => sessionStorage.setItem("moments.adminKey", "revoked"));
    await page.goto(`${server.url}/#/power`);
    await page.evaluate(() => { location.hash = "#/journey"; });
    await page.waitForSelector("#signin-message .notice-bad");
    assert.match(await page.textContent("#signin-message"), /sign in again/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem("moments.adminKey")), null);
    await context.close();
  });

  it("can be used by keyboard: focus order and visible focus", async () => {
    const { page, context } = await openPage(browser, server.url);
    await page.goto(`${server.url}/`);
    await page.waitForSelector("#admin-key");
    assert.equal(await page.evaluate(() => document.activeElement.id), "admin-key", "sign-in starts in the key field");
    await page.keyboard.type(DEV_KEY);
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "Sign in");
    await page.keyboard.press("Enter");
    await page.waitForSelector(".journey");
    assert.equal(await page.evaluate(() => document.activeElement.tagName), "H1", "navigation moves focus to the page heading");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), "New moment", "Tab continues from the heading into the page");
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).boxShadow);
    assert.notEqual(ring, "none", "the focused element shows a focus ring");
    await page.focus(".skip-link");
    const box = await page.locator(".skip-link").boundingBox();
    assert.ok(box.x >= 0, "the skip link shows itself when focused");
    await context.close();
  });

  it("edits a running experiment: variants are locked, traffic can change", async () => {
    const { page, problems, context } = await signedIn();
    await page.goto(`${server.url}/#/experiments/search-ad-copy/edit`);
    await page.waitForSelector("#experiment-form");
    assert.equal(await page.isDisabled('[data-field="variants[0].weight"]'), true);
    assert.equal(await page.isDisabled('[data-field="key"]'), true);
    await page.fill('[data-field="trafficPercent"]', "150");
    await page.click("#experiment-form button[type=submit]");
    await page.waitForSelector('.field.has-error[data-for="trafficPercent"]');
    await page.fill('[data-field="trafficPercent"]', "60");
    await page.click("#experiment-form button[type=submit]");
    await page.waitForSelector(".notice-good");
    assert.equal(server.store.experiments.get("search-ad-copy").trafficPercent, 60);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("shows unparsable JSON next to the payload before asking the API", async () => {
    const { page, context } = await signedIn();
    await page.goto(`${server.url}/#/new/experiment`);
    await page.fill('[data-field="variants[1].payload"]', "{layout: bold}");
    await page.click("#experiment-form button[type=submit]");
    await page.waitForSelector('.field.has-error[data-for="variants[1].payload"]');
    assert.match(await page.textContent('.field[data-for="variants[1].payload"] .field-error'), /not valid JSON/);
    await context.close();
  });

  it("puts an error about the whole variant list at the top of the list and focuses it", async () => {
    const { page, context } = await signedIn();
    await page.goto(`${server.url}/#/new/experiment`);
    await page.route("**/api/v1/experiments", (route) => route.fulfill({ status: 400, contentType: "application/json",
      body: JSON.stringify({ error: { code: "invalid_field", message: "At least two variants are needed.", field: "variants" } }) }));
    await page.click("#experiment-form button[type=submit]");
    await page.waitForSelector('[data-group="variants"]:not(:empty)');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.group), "variants");
    await context.close();
  });

  it("fits a phone's width on every page", async () => {
    const { page, problems, context } = await signedIn({ width: 375, height: 740, mobile: true });
    for (const [name, hash, ready] of [
      ["journey", "#/journey", ".journey"], ["experiment", "#/experiments/hero-2026-11?segment=device", "[data-segment]"],
      ["new-experiment", "#/new/experiment", "#experiment-form"], ["new-moment", "#/new/moment", "#moment-form"],
      ["power", "#/power?baseline=0.023&mde=0.25", "[data-field-result]"],
    ]) {
      await page.goto(`${server.url}/${hash}`);
      await page.waitForSelector(ready);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the screen`);
      await page.screenshot({ path: `${SHOTS}phone-${name}.png`, fullPage: true });
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
});
