// End to end, the team's operational pages against the real server jar: a webhook created in the
// webhooks page receives signed experiment.started/stopped deliveries (a local receiver checks each
// signature) and its delivery log shows them; a scheduled stop set in the form; a stopped experiment
// archived from its page, hidden from the journey until the toggle shows it; the audit panel with
// before/after; the install page: SDK keys made, revoked and limited to an origin, and the snippet it
// gives, pasted into a page on another origin, loads the bundle by its integrity hash and logs an
// exposure. Screenshots at 1280 and 390 px go to target/screenshots/ops-*.png.
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { launch, openPage } from "../support/browser.js";
import { startTarget } from "../support/servers.js";
import { pageOverflow } from "../support/layout.js";
import { adminCall } from "../support/admin-api.js";

const SHOTS = fileURLToPath(new URL("../../target/screenshots/", import.meta.url));
const MOMENT = "fmot.ops-hero";
const EXPERIMENT = "ops-hero";
const VISITOR_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const INSTALL = "install-hero"; // started before any webhook exists, so it sends no delivery
const skip = process.env.MOMENTS_E2E_TARGET === "mock" ? "the mock has no webhooks or audit log" : false;

let server, browser, session, receiver, shop;
let failedStep = null;

function step(name, body) {
  it(name, async () => {
    if (failedStep) throw new Error(`not run: the earlier step "${failedStep}" failed`);
    try { await body(); } catch (error) { failedStep = name; throw error; }
  });
}
const shot = (name) => session.page.screenshot({ path: `${SHOTS}ops-${name}.png`, fullPage: true });

const apiCall = (method, path, body) => adminCall(server, method, path, body);

/** A receiver that keeps every delivery with its body and signature header. */
function startReceiver() {
  const received = [];
  const s = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk) => { body += chunk; });
    req.on("end", () => {
      received.push({ body, signature: req.headers["x-moments-signature"], event: req.headers["x-moments-event"] });
      res.writeHead(204).end();
    });
  });
  return new Promise((done) => s.listen(0, "127.0.0.1", () => done({ received, url: `http://127.0.0.1:${s.address().port}/hook`, close: () => s.close() })));
}

/** A site on another origin (another port) serving the page it is given. */
function startShop() {
  const s = http.createServer((req, res) => res.writeHead(200, { "Content-Type": "text/html" }).end(s.page ?? ""));
  return new Promise((done) => s.listen(0, "127.0.0.1", () => { s.origin = `http://127.0.0.1:${s.address().port}`; done(s); }));
}

/** The receiver's side of the signature: HMAC-SHA256 of "t.body", within five minutes. */
function verify(secret, header, body) {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=")));
  if (Math.abs(Date.now() / 1000 - Number(parts.t)) > 300) return false;
  const expected = createHmac("sha256", secret).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? "", "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function until(what, check, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("operations: webhooks, schedule, archive and audit (real server)", { skip }, () => {
  before(async () => {
    await mkdir(SHOTS, { recursive: true });
    [server, browser, receiver, shop] = await Promise.all([startTarget(), launch(), startReceiver(), startShop()]);
    session = await openPage(browser, server.url, { width: 1280, height: 900 });
    await session.page.addInitScript((key) => sessionStorage.setItem("moments.key", key), server.adminKey);
    await apiCall("POST", "/api/v1/moments", { key: MOMENT, stage: "FMOT", name: "Ops hero" });
    await apiCall("POST", "/api/v1/experiments", {
      key: EXPERIMENT, moment: MOMENT, name: "Ops hero", primaryMetric: "signup",
      variants: [{ key: "control", weight: 50 }, { key: "bold", weight: 50 }], control: "control",
    });
    await apiCall("POST", "/api/v1/moments", { key: "fmot.install-hero", stage: "FMOT", name: "Install hero" });
    await apiCall("POST", "/api/v1/experiments", {
      key: INSTALL, moment: "fmot.install-hero", name: "Install hero", primaryMetric: "signup",
      variants: [{ key: "control", weight: 50 }, { key: "bold", weight: 50 }], control: "control",
    });
    await apiCall("POST", `/api/v1/experiments/${INSTALL}/start`, {});
  });

  after(async () => {
    await browser?.close();
    receiver?.close();
    shop?.close();
    await server?.stop();
  });

  let secret;
  step("a webhook is created in the webhooks page", async () => {
    const { page } = session;
    await page.goto(`${server.url}/#/webhooks`);
    await page.waitForSelector("#webhook-form");
    await page.fill('[data-field="url"]', "not a url");
    await page.click("#webhook-form button[type=submit]");
    await page.waitForSelector("#webhook-form .has-error");
    await page.fill('[data-field="url"]', receiver.url);
    secret = await page.inputValue('[data-field="secret"]');
    assert.equal(secret.length, 64);
    await page.click("#webhook-form button[type=submit]");
    await page.waitForSelector("[data-webhook]");
    assert.match(await page.textContent("[data-webhook]"), /Nothing delivered yet/);
    const hooks = await apiCall("GET", "/api/v1/webhooks");
    assert.equal(hooks.webhooks.length, 1);
    assert.equal(hooks.webhooks[0].url, receiver.url);
    assert.equal(hooks.webhooks[0].events.length, 5);
  });

  step("a scheduled stop set in the form is saved in UTC and shown", async () => {
    const { page } = session;
    await page.goto(`${server.url}/#/experiments/${EXPERIMENT}/edit`);
    await page.waitForSelector('[data-field="stopAt"]');
    await page.fill('[data-field="stopAt"]', "2031-05-06T07:08");
    await page.fill('[data-field="rollout"]', "bold");
    await page.click("#experiment-form button[type=submit]");
    await page.waitForSelector("[data-schedule]");
    const saved = await apiCall("GET", `/api/v1/experiments/${EXPERIMENT}`);
    const local = await page.evaluate(() => new Date("2031-05-06T07:08").toISOString());
    assert.equal(new Date(saved.stopAt).toISOString(), local);
    assert.equal(saved.stopRollout, "bold");
  });

  step("the install page makes keys and a snippet that works on another origin", async () => {
    const { page } = session;
    await page.goto(`${server.url}/#/experiments/${INSTALL}`);
    await page.click(`a[href="#/install?experiment=${INSTALL}"]`);
    await page.waitForSelector("#snippet-web:not(:empty)");
    assert.match(await page.textContent("#snippet-web"), /YOUR_CLIENT_KEY/);
    const script = await (await fetch(`${server.url}/api/v1/sdk/script`)).json();
    assert.ok((await page.textContent("#snippet-web")).includes(`integrity="${script.integrity}"`));

    const create = async (kind, name) => {
      await page.selectOption('#key-form [data-field="kind"]', kind);
      await page.fill('#key-form [data-field="name"]', name);
      await page.click("#key-form button[type=submit]");
      await page.waitForSelector(`[data-key] >> text=${name}`);
      return page.inputValue("#created-key");
    };
    const serverKey = await create("server", "back end");
    assert.equal((await fetch(`${server.url}/api/v1/sdk/config`, { headers: { Authorization: `Bearer ${serverKey}` } })).status, 200);
    const clientKey = await create("client", "shop web");
    const listed = (await apiCall("GET", "/api/v1/keys")).keys.find((k) => k.name === "shop web");
    assert.equal(clientKey.slice(0, 4), listed.keyPrefix);
    assert.equal(await page.textContent(`[data-key="${listed.id}"] [data-origins]`), "any");
    assert.match(await page.textContent("#snippet-web"), new RegExp(`clientKey: "${clientKey}"`), "the new client key is in the snippet");

    const serverId = (await apiCall("GET", "/api/v1/keys")).keys.find((k) => k.name === "back end").id;
    await page.selectOption('#snippet-form [data-field="key"]', String(serverId));
    await page.waitForSelector("#key-warning .notice-warn");
    assert.match(await page.textContent("#key-warning"), /server key: never put it in a web page/);
    await page.selectOption('#snippet-form [data-field="key"]', String(listed.id));
    await page.waitForSelector("#key-warning .notice-warn", { state: "detached" });

    await page.click(`[data-origins-edit="${listed.id}"]`);
    await page.fill("dialog textarea", "ftp://nope");
    await page.click("dialog [data-confirm]");
    await page.waitForSelector("#install-message .notice-bad");
    await page.click(`[data-origins-edit="${listed.id}"]`);
    await page.fill("dialog textarea", shop.origin);
    await page.click("dialog [data-confirm]");
    await page.waitForSelector(`[data-key="${listed.id}"] [data-origins] >> text=${shop.origin}`);
    assert.deepEqual((await apiCall("GET", "/api/v1/keys")).keys.find((k) => k.id === listed.id).origins, [shop.origin]);

    await page.click(`[data-revoke="${serverId}"]`);
    await page.click("dialog [data-confirm]");
    await page.waitForSelector(`[data-key="${serverId}"]`, { state: "detached" });
    assert.equal((await fetch(`${server.url}/api/v1/sdk/config`, { headers: { Authorization: `Bearer ${serverKey}` } })).status, 401);

    await shot("install-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    assert.ok(await pageOverflow(page) <= 0, "no sideways scrolling at 390 px");
    await shot("install-390");
    await page.setViewportSize({ width: 1280, height: 900 });

    // the web snippet as copied, in the <head> of a page of the allowed origin
    const snippet = await page.textContent("#snippet-web");
    shop.page = `<!doctype html><html><head>${snippet}</head><body><h1 id="hero">Hi</h1></body></html>`;
    // a visitor's browser: headless Chromium's own user agent is on the crawler list, and its
    // exposure would be kept out of the statistics as `bot` (which the last check below tells apart)
    const shopContext = await browser.newContext({ userAgent: VISITOR_AGENT });
    const shopPage = await shopContext.newPage();
    const errors = [];
    shopPage.on("pageerror", (e) => errors.push(e.message));
    shopPage.on("console", (msg) => { if (msg.type() === "error" || msg.type() === "warning") errors.push(msg.text()); });
    const accepted = shopPage.waitForResponse((r) => r.url() === `${server.url}/api/v1/events` && r.request().method() === "POST");
    await shopPage.goto(`${shop.origin}/landing`);
    await shopPage.waitForFunction(() => ["control", "bold"].includes(document.documentElement.dataset.variant), null, { timeout: 10_000 })
      .catch((e) => { throw new Error(`${e.message}; the page said: ${errors.join(" | ")}`); });
    // the exposure the snippet's assign queued, sent from the shop's origin with the client key and accepted
    const response = await accepted;
    const exposure = JSON.parse(response.request().postData()).events.find((e) => e.type === "exposure");
    assert.equal(exposure.experiment, INSTALL);
    assert.equal(exposure.variant, await shopPage.evaluate(() => document.documentElement.dataset.variant));
    assert.equal(response.status(), 202);
    assert.deepEqual(await response.json(), { accepted: 1, duplicates: 0, rejected: [] });
    assert.deepEqual(errors, []);
    await shopContext.close();
    // and counted: the unit is in the report's statistics, not among the excluded events
    const report = await until("the snippet's visitor in the report", async () => {
      const r = await apiCall("GET", `/api/v1/experiments/${INSTALL}/report`);
      return r.health.unitsInStatistics + r.health.excludedEvents >= 1 && r;
    });
    assert.equal(report.health.unitsInStatistics, 1, `counted, not excluded: ${JSON.stringify(report.health)}`);
  });

  step("starting and stopping deliver two signed events, and the log shows them", async () => {
    await apiCall("POST", `/api/v1/experiments/${EXPERIMENT}/start`, {});
    await apiCall("POST", `/api/v1/experiments/${EXPERIMENT}/stop`, { rollout: "bold" });
    await until("two deliveries", () => receiver.received.length >= 2);
    assert.deepEqual(receiver.received.map((r) => r.event).sort(), ["experiment.started", "experiment.stopped"]);
    for (const r of receiver.received) assert.ok(verify(secret, r.signature, r.body), `signature of ${r.event} verifies`);
    assert.ok(!verify("another secret", receiver.received[0].signature, receiver.received[0].body));
    const { page } = session;
    await until("the log to show two delivered rows", async () => {
      await page.goto(`${server.url}/#/webhooks?${Date.now()}`);
      await page.waitForSelector("[data-webhook]");
      return (await page.$$('[data-status="delivered"]')).length === 2;
    });
    await shot("webhooks-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    assert.ok(await pageOverflow(page) <= 0, "no sideways scrolling at 390 px");
    await shot("webhooks-390");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  step("a stopped experiment is archived from its page; its audit shows who changed what", async () => {
    const { page } = session;
    await page.goto(`${server.url}/#/experiments/${EXPERIMENT}`);
    await page.click("[data-action=archive]");
    await page.click("dialog [data-confirm]");
    await page.waitForSelector("text=Archived");
    await page.waitForSelector('[data-panel="audit"] .audit-entry[data-action="experiment.archive"]');
    const actions = await page.$$eval('[data-panel="audit"] .audit-entry', (els) => els.map((e) => e.dataset.action));
    assert.deepEqual(actions.slice(0, 3), ["experiment.archive", "experiment.stop", "experiment.start"]);
    const stopDiff = await page.textContent('.audit-entry[data-action="experiment.stop"] .audit-diff');
    assert.match(stopDiff, /status/);
    assert.match(stopDiff, /running/);
    assert.match(stopDiff, /stopped/);
    assert.equal(await page.$("[data-action=archive]"), null, "no second archive");
    assert.equal(await page.$('a[href$="/edit"]'), null, "read-only: no edit link");
    await shot("experiment-archived-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    assert.ok(await pageOverflow(page) <= 0, "no sideways scrolling at 390 px");
    await shot("experiment-archived-390");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  step("the journey hides archived experiments until the toggle shows them", async () => {
    const { page } = session;
    await page.goto(`${server.url}/#/journey`);
    await page.waitForSelector(`[data-moment="${MOMENT}"]`);
    assert.equal(await page.$(`[data-experiment="${EXPERIMENT}"]`), null);
    await page.click('[data-toggle="archived"]');
    await page.waitForSelector(`[data-experiment="${EXPERIMENT}"] [data-archived]`);
    await shot("journey-archived-1280");
    assert.deepEqual(session.problems, []);
  });
});
