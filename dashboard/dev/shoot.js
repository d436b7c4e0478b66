// Screenshots of every page against the mock server, for design work: node dev/shoot.js [outDir]
import { mkdir } from "node:fs/promises";
import { startMockServer, DEV_KEY } from "./mock-server.js";
import { launch, openPage } from "../test/support/browser.js";

const out = process.argv[2] ?? "target/dev-shots";
await mkdir(out, { recursive: true });
const server = await startMockServer({ port: 0 });
const browser = await launch();
try {
  for (const [label, size] of [["desktop", { width: 1360, height: 900 }], ["phone", { width: 390, height: 844, mobile: true }]]) {
    const { page, problems, context } = await openPage(browser, server.url, size);
    await page.goto(`${server.url}/#/signin`);
    await page.screenshot({ path: `${out}/${label}-signin.png` });
    await page.fill("#admin-key", DEV_KEY);
    await page.click("button[type=submit]");
    await page.waitForSelector(".journey");
    await page.screenshot({ path: `${out}/${label}-journey.png`, fullPage: true });
    for (const key of ["hero-2026-11", "spring-ad-creative", "review-incentive", "cta-wording"]) {
      await page.goto(`${server.url}/#/experiments/${key}${key === "hero-2026-11" ? "?segment=device" : ""}`);
      await page.waitForSelector("[data-experiment]");
      await page.screenshot({ path: `${out}/${label}-exp-${key}.png`, fullPage: true });
    }
    await page.goto(`${server.url}/#/new/experiment`);
    await page.waitForSelector("#experiment-form");
    await page.fill('[data-field="key"]', "demo");
    await page.fill('[data-field="name"]', "Demo");
    await page.fill('[data-field="variants[1].key"]', "bold");
    await page.fill('[data-field="variants[1].weight"]', "0");
    await page.fill('[data-field="primaryMetric.key"]', "signup");
    await page.click("#experiment-form button[type=submit]");
    await page.waitForSelector(".has-error");
    await page.screenshot({ path: `${out}/${label}-form-error.png`, fullPage: true });
    await page.goto(`${server.url}/#/power?baseline=0.023&mde=0.25&daily=2000`);
    await page.waitForSelector("[data-field-result]");
    await page.screenshot({ path: `${out}/${label}-power.png`, fullPage: true });
    await page.goto(`${server.url}/#/new/moment`);
    await page.waitForSelector("#moment-form");
    await page.screenshot({ path: `${out}/${label}-moment.png`, fullPage: true });
    console.log(label, problems.length ? problems : "no problems");
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
