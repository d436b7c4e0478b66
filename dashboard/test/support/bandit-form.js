// The experiment form filled as a bandit with a floor its two arms cannot meet (0.6 x 2 > 1), submitted, and the
// refusal awaited on its field; then the floor fixed and submitted again. Shared by the mock and real-server e2e.
export async function createBanditThroughForm(page, url, moment, { updateEvery, screenshot }) {
  await page.goto(`${url}/#/new/experiment?moment=${moment}`);
  await page.waitForSelector("#experiment-form");
  await page.fill('[data-field="key"]', "offer-bandit");
  await page.fill('[data-field="name"]', "Offer bandit");
  await page.fill('[data-field="variants[1].key"]', "discount");
  await page.fill('[data-field="primaryMetric.key"]', "ad_click");
  await page.selectOption('[data-field="allocation.type"]', "bandit");
  await page.waitForSelector('[data-field="allocation.minShare"]');
  await page.fill('[data-field="allocation.updateEvery"]', updateEvery);
  await page.fill('[data-field="allocation.minShare"]', "0.6");
  await page.click("#experiment-form button[type=submit]");
  await page.waitForSelector('[data-field="allocation.minShare"][aria-invalid="true"]');
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.fill('[data-field="allocation.minShare"]', "0.1");
  await page.click("#experiment-form button[type=submit]");
  await page.waitForSelector('[data-experiment="offer-bandit"]');
}
