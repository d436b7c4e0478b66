// Bandits in the dashboard (issue 21), in Chromium against the mock server (the weights route is the
// server's GET /api/v1/experiments/{key}/weights): a bandit created through the form, its floor
// refused on its field; the demo bandit's page with its weight history as a stacked area chart and
// "best arm with probability p" instead of a winner, at desktop and phone widths.
// Screenshots go to target/screenshots/bandit-*.png.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { mockBrowser } from "../support/mock-browser.js";
import { pageOverflow } from "../support/layout.js";
import { createBanditThroughForm } from "../support/bandit-form.js";

const SHOTS = fileURLToPath(new URL("../../target/screenshots/", import.meta.url));

describe("bandits: form, weight history, best arm (mock server)", { timeout: 120_000 }, () => {
  const mock = mockBrowser(SHOTS);
  const signedIn = (viewport) => mock.open(viewport);

  it("creates a bandit through the form; a floor too high for the variants is refused on its field", async () => {
    const { page, problems, context } = await signedIn({ width: 1280, height: 900 });
    await createBanditThroughForm(page, mock.server.url, "lzmot.spring-ad", { updateEvery: "P1D", screenshot: `${SHOTS}bandit-form-error.png` });
    const stored = mock.server.store.experiments.get("offer-bandit");
    assert.deepEqual(stored.allocation, { type: "bandit", updateEvery: "P1D", minShare: 0.1, burnInUnits: 1000 });
    assert.deepEqual(problems, []);
    await context.close();
  });

  for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844, mobile: true }]]) {
    it(`shows the weight history and the best arm, never a winner (${name})`, async () => {
      const { page, problems, context } = await signedIn(viewport);
      await page.goto(`${mock.server.url}/#/experiments/creative-bandit`);
      await page.waitForSelector("[data-weights]");
      assert.equal(await page.locator(".chart-weights polygon").count(), 3, "one area per creative");
      assert.equal(await page.locator("[data-weights]").getAttribute("data-weights"), "7");
      const decision = page.locator(".decision");
      assert.equal(await decision.getAttribute("data-outcome"), "keep_running");
      assert.equal(await page.locator("[data-best-arm]").first().getAttribute("data-best-arm"), "warm");
      assert.match(await page.locator("[data-best-arm-sentence]").textContent(), /warm is the best arm with probability \d+%/);
      assert.doesNotMatch(await decision.textContent(), /winner/i);
      assert.ok(await pageOverflow(page) <= 0, "no sideways scrolling");
      await page.screenshot({ path: `${SHOTS}bandit-${name}.png`, fullPage: true });
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
});
