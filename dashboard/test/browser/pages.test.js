// Page-level browser tests against the mock server and its demo data: every decision badge, the
// SRM and draft pages, a sparse report, session expiry, keyboard focus, editing, phone widths.
// Screenshots go to target/screenshots/mock/.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, openPage } from "../support/browser.js";
import { startMockServer, DEV_KEY } from "../../dev/mock-server.js";
import { DEV_EDITOR_KEY, DEV_VIEWER_KEY } from "../../dev/mock-people.js";
import { chartTextProblems, chartsSettled, hiddenDecisiveCells, pageOverflow } from "../support/layout.js";

const SHOTS = fileURLToPath(new URL("../../target/screenshots/mock/", import.meta.url));
let server, browser;

/**
 * A report built to trip the phone defects: half-percent axis steps (once "−1% −1% 0% +1% +1%"),
 * a funnel step that keeps 95% of the previous one (once cut to "95% of previo"), nine columns.
 */
const TRICKY_REPORT = {
  experiment: "hero-2026-11", status: "running", stage: "FMOT",
  variants: [{ key: "control", units: 5000, expectedShare: 0.5 }, { key: "bold", units: 5000, expectedShare: 0.5 }],
  srm: { pValue: 0.62, ok: true }, health: { multipleExposures: 0, forcedExposures: 0 },
  metrics: [{ metric: "signup", role: "primary", type: "binomial", adjustment: "holm",
    variants: [{ key: "control", units: 5000, conversions: 1000, mean: 0.2 }, { key: "bold", units: 5000, conversions: 1010, mean: 0.202 }],
    comparisons: [{ variant: "bold", control: "control", relativeLift: 0.002, ci: [-0.0081, 0.0093], pValue: 0.61, adjustedPValue: 0.61, chanceToBeat: 0.69, significant: false }] }],
  timeline: ["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23"].map((date, i) => ({ date,
    variants: [{ key: "bold", units: 1250 * (i + 1), relativeLift: 0.001 * (i + 1), ci: [-0.0042 + 0.001 * i, 0.0061 + 0.0005 * i] }] })),
  funnel: [
    { metric: "signup", variants: [{ key: "control", units: 1000, rate: 0.2, rateFromPrevious: 0.2 }, { key: "bold", units: 1010, rate: 0.202, rateFromPrevious: 0.202 }] },
    { metric: "first_purchase", variants: [{ key: "control", units: 950, rate: 0.19, rateFromPrevious: 0.95 }, { key: "bold", units: 960, rate: 0.192, rateFromPrevious: 0.9505 }] },
  ],
  decision: { outcome: "keep_running", reason: "No clear result on signup yet.", unitsNeeded: 40000, daysLeft: 24 },
};

async function signedIn(options, key = DEV_KEY) {
  const s = await openPage(browser, server.url, options);
  s.page.setDefaultTimeout(10_000);
  await s.page.goto(`${server.url}/#/signin`);
  await s.page.fill("#signin-key", key);
  await s.page.click("#signin-form button[type=submit]");
  await s.page.waitForSelector(".journey");
  return s;
}

describe("dashboard pages on the mock server", { timeout: 240_000 }, () => {
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
    assert.deepEqual(options, ["device", "channel", "country", "intent", "returning", "ad:search-ad-copy", "ad:spring-ad-creative"],
      "the report's attributes, then the ad experiments (every variant an ad) for the message match");
    await context.close();
  });

  it("downloads the CSV of the segment the page shows", async () => {
    // the CSV link asked for the whole report while the page showed the device split
    const { page, context } = await signedIn();
    await page.goto(`${server.url}/#/experiments/hero-2026-11?segment=device`);
    await page.waitForSelector("[data-segment]");
    const [request] = await Promise.all([page.waitForRequest((r) => r.url().includes("/report.csv")), page.click("[data-action=csv]")]);
    assert.equal(new URL(request.url()).searchParams.get("segment"), "device");
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
    await page.evaluate(() => sessionStorage.setItem("moments.key", "revoked"));
    await page.goto(`${server.url}/#/power`);
    await page.evaluate(() => { location.hash = "#/journey"; });
    await page.waitForSelector("#signin-message .notice-bad");
    assert.match(await page.textContent("#signin-message"), /sign in again/);
    assert.equal(await page.evaluate(() => sessionStorage.getItem("moments.key")), null);
    await context.close();
  });

  it("offers a viewer only reading, and the API refuses a viewer's change", async () => {
    const { page, problems, context } = await signedIn({}, DEV_VIEWER_KEY);
    assert.equal(await page.textContent("#who"), "Vera Viewer · viewer");
    for (const link of ["New experiment", "New moment", "People", "Webhooks"]) {
      assert.equal(await page.isVisible(`nav >> text=${link}`), false, `no ${link} in the bar`);
    }
    assert.equal(await page.locator('.page-head .actions a[href^="#/new"], .add-link').count(), 0, "no create buttons on the journey");
    assert.equal(await page.isVisible("[data-toggle=archived]"), true, "a viewer may still look at archived experiments");
    await page.goto(`${server.url}/#/experiments/search-ad-copy`);
    await page.waitForSelector(".decision");
    assert.deepEqual(await page.$$eval(".page-head .actions > *", (els) => els.map((e) => e.textContent.trim())), ["Download CSV", "Install"], "reading only: the CSV and the install snippet");
    await page.goto(`${server.url}/#/experiments/search-ad-copy/edit`);
    await page.waitForSelector("h1");
    assert.equal(await page.textContent("h1"), "Not for your role");
    assert.match(await page.textContent("main"), /A viewer cannot change experiments/);
    const refused = await page.evaluate(async () => (await fetch("/api/v1/experiments/search-ad-copy/pause", {
      method: "POST", headers: { Authorization: `Bearer ${sessionStorage.getItem("moments.key")}` } })).status);
    assert.equal(refused, 403);
    assert.equal(server.store.experiments.get("search-ad-copy").status, "running");
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("offers an editor the experiment's actions but not the people", async () => {
    const { page, problems, context } = await signedIn({}, DEV_EDITOR_KEY);
    assert.equal(await page.textContent("#who"), "Eddie Editor · editor");
    assert.equal(await page.isVisible("nav >> text=New experiment"), true);
    assert.equal(await page.isVisible("nav >> text=People"), false);
    assert.equal(await page.isVisible("nav >> text=Webhooks"), false);
    await page.goto(`${server.url}/#/experiments/search-ad-copy`);
    await page.waitForSelector("[data-action=pause]");
    assert.equal(await page.locator(".page-head .actions >> text=Edit").count(), 1);
    await page.goto(`${server.url}/#/people`);
    await page.waitForSelector("h1");
    assert.match(await page.textContent("main"), /An editor cannot manage people/);
    await page.goto(`${server.url}/#/webhooks`);
    await page.waitForFunction(() => /cannot manage webhooks/.test(document.querySelector("main").textContent));
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("lets an admin add a person, shows the key once, changes a role and deactivates", async () => {
    const { page, problems, context } = await signedIn();
    await page.click("nav >> text=People");
    await page.waitForSelector("table.people");
    await page.fill('[data-field="name"]', "Nora New");
    await page.fill('[data-field="email"]', "nora");
    await page.click("#person-form button[type=submit]");
    await page.waitForSelector('.field.has-error[data-for="email"]');
    await page.fill('[data-field="email"]', "nora@example.com");
    await page.selectOption('[data-field="role"]', "editor");
    await page.click("#person-form button[type=submit]");
    await page.waitForSelector("#issued-key");
    const key = await page.inputValue("#issued-key");
    assert.match(key, /^uk_/);
    assert.equal(await page.evaluate(() => document.activeElement.id), "issued-key", "focus goes to the key to copy");
    await page.screenshot({ path: `${SHOTS}people.png`, fullPage: true });
    const nora = page.locator("tr", { hasText: "Nora New" });
    assert.equal(await nora.locator("code").textContent(), `${key.slice(0, 4)}…`);
    await page.reload();
    await page.waitForSelector("table.people");
    assert.equal(await page.locator("#issued-key").count(), 0, "the key is not shown again");
    await nora.locator("select").selectOption("viewer");
    await page.waitForSelector("#people-message .notice-good");
    assert.equal([...server.store.people.values()].find((p) => p.name === "Nora New").role, "viewer");
    await nora.locator("[data-deactivate]").click();
    await page.click("dialog [data-confirm]");
    await page.waitForSelector("tr.is-inactive >> text=Nora New");
    const gone = await fetch(`${server.url}/api/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
    assert.equal(gone.status, 401);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("can be used by keyboard: focus order and visible focus", async () => {
    const { page, context } = await openPage(browser, server.url);
    await page.goto(`${server.url}/`);
    await page.waitForSelector("#signin-key");
    assert.equal(await page.evaluate(() => document.activeElement.id), "signin-key", "sign-in starts in the key field");
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

  it("keeps the header to one compact row on a phone, with the pages behind a menu button", async () => {
    const { page, problems, context } = await signedIn({ width: 390, height: 844, mobile: true });
    const height = (await page.locator("#topbar").boundingBox()).height;
    assert.ok(height <= 56, `the sticky header is ${height} px tall on a phone`);
    assert.equal(await page.isVisible("nav >> text=Power calculator"), false, "the pages wait behind the menu");
    await page.click("#menu-toggle");
    assert.equal(await page.getAttribute("#menu-toggle", "aria-expanded"), "true");
    await page.click("nav >> text=Power calculator");
    await page.waitForSelector("#power-form");
    assert.equal(await page.getAttribute("#menu-toggle", "aria-expanded"), "false", "the menu closes on navigation");
    assert.equal(await page.isVisible("nav >> text=Journey"), false);
    await page.click("#menu-toggle");
    await page.keyboard.press("Escape");
    assert.equal(await page.getAttribute("#menu-toggle", "aria-expanded"), "false", "Escape closes the menu");
    assert.equal(await page.evaluate(() => document.activeElement.id), "menu-toggle", "and returns focus to its button");
    await page.setViewportSize({ width: 1280, height: 800 });
    assert.equal(await page.isVisible("nav >> text=Power calculator"), true, "a wide screen shows the pages in the bar");
    assert.equal(await page.isVisible("#menu-toggle"), false);
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("redraws the charts after a resize from 1280 to 390 wide: text legible, distinct ticks, nothing cut", async () => {
    const { page, problems, context } = await signedIn({ width: 1280, height: 900 });
    await page.route("**/api/v1/experiments/hero-2026-11/report*", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(TRICKY_REPORT) }));
    await page.goto(`${server.url}/#/experiments/hero-2026-11`);
    await page.waitForSelector(".chart-funnel");
    await chartsSettled(page);
    assert.deepEqual(await chartTextProblems(page), [], "at 1280 px");
    await page.screenshot({ path: `${SHOTS}tricky-1280.png`, fullPage: true });
    const axis = await page.$$eval(".chart-forest .chart-axis", (els) => els.map((e) => e.textContent));
    assert.equal(new Set(axis).size, axis.length, `distinct forest ticks: ${axis.join(" ")}`);

    await page.setViewportSize({ width: 390, height: 844 });
    await chartsSettled(page);
    assert.deepEqual(await chartTextProblems(page), [], "after the resize to 390 px");
    assert.match((await page.$$eval(".chart-funnel .chart-value", (els) => els.map((e) => e.textContent))).join("|"), /95% of previous/);
    await page.screenshot({ path: `${SHOTS}tricky-resized-390.png`, fullPage: true });

    await page.setViewportSize({ width: 844, height: 390 }); // the phone turned sideways
    await chartsSettled(page);
    assert.deepEqual(await chartTextProblems(page), [], "in landscape");
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("says there is nothing to check yet when no unit has been counted", async () => {
    const { page, problems, context } = await signedIn({ width: 390, height: 844, mobile: true });
    await page.route("**/api/v1/experiments/hero-2026-11/report*", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify({
      experiment: "hero-2026-11", status: "running", variants: [{ key: "control", units: 0, expectedShare: 0.5 }, { key: "bold", units: 0, expectedShare: 0.5 }],
      srm: { ok: true, error: "zero_units" }, health: { multipleExposures: 0, forcedExposures: 0 },
      metrics: [{ metric: "signup", role: "primary", type: "binomial", variants: [{ key: "control", units: 0, conversions: 0 }, { key: "bold", units: 0, conversions: 0 }],
        comparisons: [{ variant: "bold", control: "control", error: "zero_units" }] }],
      decision: { outcome: "keep_running", reason: "No units yet.", unitsNeeded: 1 } }) }));
    await page.goto(`${server.url}/#/experiments/hero-2026-11`);
    await page.waitForSelector(".health");
    const sampleRatio = page.locator(".health-item").first();
    assert.doesNotMatch(await sampleRatio.getAttribute("class"), /health-ok/);
    assert.match(await sampleRatio.textContent(), /Nothing to check yet/);
    assert.doesNotMatch(await page.textContent("main"), /Split matches the weights|1 units|more units needed/);
    assert.match(await page.textContent(".decision"), /1\s*more unit needed/);
    await page.screenshot({ path: `${SHOTS}phone-no-units.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("does not count a winner already stopped and rolled out as one to roll out", async () => {
    const { page, problems, context } = await signedIn();
    // the stopped, rolled-out experiment's decision still names a winner
    await page.route("**/api/v1/experiments/onboarding-checklist/report*", async (route) => {
      const report = await (await route.fetch()).json();
      report.decision = { ...report.decision, outcome: "winner", winner: "checklist", reason: "checklist raises activated; it is safe to roll out." };
      await route.fulfill({ contentType: "application/json", body: JSON.stringify(report) });
    });
    await page.reload();
    await page.waitForSelector('[data-experiment="onboarding-checklist"] .badge-outcome');
    const tile = page.locator(".stat", { hasText: "to roll out" });
    assert.equal(await tile.locator(".stat-value").textContent(), "1", "only the running winner (hero-2026-11)");
    assert.equal((await tile.locator(".stat-label").textContent()).trim(), "winner to roll out");
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("serves the Install page from the mock: keys listed, a new client key shown once and put in the snippet", async () => {
    const { page, problems, context } = await signedIn();
    await page.goto(`${server.url}/#/install`);
    await page.waitForSelector("table.keys");
    assert.match(await page.locator('tr:has-text("Landing site") [data-origins]').textContent(), /https:\/\/www\.example\.com/);
    await page.fill("#key-form [data-field=name]", "shop web");
    await page.click("#key-form button[type=submit]");
    const key = await page.locator("#created-key").inputValue();
    assert.match(key, /^pk_[0-9a-f]{32}$/, "the new client key, shown once");
    assert.ok((await page.locator("#snippet-web").textContent()).includes(key), "the page snippet carries the new key");
    assert.match(await page.locator("#snippet-web").textContent(), /integrity="sha384-/);
    await page.screenshot({ path: `${SHOTS}install.png`, fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

  it("fits a phone's width on every page, decisive columns in view", async () => {
    const { page, problems, context } = await signedIn({ width: 375, height: 740, mobile: true });
    for (const [name, hash, ready] of [
      ["journey", "#/journey", ".journey"], ["experiment", "#/experiments/hero-2026-11?segment=device", "[data-segment]"],
      ["new-experiment", "#/new/experiment", "#experiment-form"], ["new-moment", "#/new/moment", "#moment-form"],
      ["power", "#/power?baseline=0.023&mde=0.25", "[data-field-result]"],
      ["people", "#/people", "table.people"], ["install", "#/install", "table.keys"],
    ]) {
      await page.goto(`${server.url}/${hash}`);
      await page.waitForSelector(ready);
      const overflow = await pageOverflow(page);
      assert.ok(overflow <= 0, `${name} is ${overflow}px wider than the screen`);
      const scrolling = await page.$$eval(".table-wrap", (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1 && e.getClientRects().length).length);
      assert.equal(scrolling, 0, `no table on ${name} scrolls sideways`);
      if (name === "experiment") {
        assert.ok(await page.locator('[data-path*="chanceToBeat"]').count() >= 8, "metric and segment tables are on the page");
        assert.deepEqual(await hiddenDecisiveCells(page), [], "lift, interval and chance to beat in view without sideways scrolling");
      }
      await page.screenshot({ path: `${SHOTS}phone-${name}.png`, fullPage: true });
    }

    assert.deepEqual(problems, []);
    await context.close();
  });
});
