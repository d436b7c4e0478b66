// End to end in a real browser against the real server: a page with the inlined config shows its
// variant at DOMContentLoaded, and its exposure, engaged and time_on_page events reach the server.
//
// Needs ../server/target/moments-server.jar (Maven builds it before this module; set
// MOMENTS_SERVER_JAR to use another) and Debian's /usr/bin/chromium. Never downloads a browser.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { chromium } from "playwright-core";
import { init } from "../../dist/index.mjs";

const JAR = process.env.MOMENTS_SERVER_JAR || fileURLToPath(new URL("../../../server/target/moments-server.jar", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const ADMIN_KEY = "sdkjs-browser-test-admin-key-32c";
// Headless Chromium says "HeadlessChrome" in its user agent, which the server's crawler list matches: the visitor's
// events would be stored but left out as bot. The pages are opened with a desktop Chrome's user agent instead.
const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const newContext = (browser, options) => browser.newContext({ userAgent: USER_AGENT, ...options });
const MOMENT = "fmot.landing-hero";
const EXPERIMENT = "hero-browser";
const VISITOR = "browser-visitor-1";
const LAYOUTS = { control: "classic", bold: "bold" };
const BUNDLE = readFileSync(new URL("../../dist/moments.min.js", import.meta.url));

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const cleanups = [];
after(async () => {
  for (const f of cleanups.reverse()) await f();
});

async function startServer() {
  assert.ok(ADMIN_KEY.length == 32);
  if (!existsSync(JAR))
    throw new Error(`the server jar ${JAR} is missing: build it first (mvn -B -pl server -am package), or point MOMENTS_SERVER_JAR at one`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "moments-sdkjs-"));
  const env = { ...process.env, MOMENTS_PORT: String(port), MOMENTS_DATA_DIR: dataDir, MOMENTS_ADMIN_KEY: ADMIN_KEY, MOMENTS_DEMO: "false" };
  delete env.MOMENTS_DB_URL; // always the embedded database in a fresh directory
  const proc = spawn("java", ["-jar", JAR], { env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "", exited = null;
  proc.stdout.on("data", (d) => (log += d));
  proc.stderr.on("data", (d) => (log += d));
  proc.on("exit", (code) => (exited = code));
  cleanups.push(async () => {
    if (exited === null) {
      proc.kill("SIGTERM");
      for (let i = 0; i < 100 && exited === null; i++) await sleep(100);
      if (exited === null) proc.kill("SIGKILL");
    }
    rmSync(dataDir, { recursive: true, force: true });
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 180000; Date.now() < deadline; await sleep(250)) {
    if (exited !== null) throw new Error(`the server exited with ${exited}:\n${log.slice(-3000)}`);
    const ok = await fetch(url + "/health").then((r) => r.status == 200, () => false);
    if (ok) return { url, log: () => log };
  }
  throw new Error("the server did not answer /health with 200 within 180 s:\n" + log.slice(-3000));
}

function api(server, method, path, body, key = ADMIN_KEY) {
  return fetch(server.url + "/api/v1" + path, {
    method,
    headers: { Authorization: "Bearer " + key, "Content-Type": "application/json" },
    body: body && JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: await r.json().catch(() => null) }));
}

async function expectOk(promise, what) {
  const r = await promise;
  assert.ok(r.status >= 200 && r.status < 300, `${what}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

function page(config, host, clientKey) {
  const json = (v) => JSON.stringify(v).replace(/</g, "\\u003c");
  return `<!doctype html><html><head><meta charset="utf-8"><title>Moments SDK test page</title>
<style>.hero{height:3000px}</style></head><body>
<script>
  // every change of data-hero, with the value before it: the first must come from null
  window.__heroChanges = [];
  new MutationObserver((records) => records.forEach((r) => window.__heroChanges.push([r.oldValue, document.body.dataset.hero])))
    .observe(document.body, { attributes: true, attributeFilter: ["data-hero"], attributeOldValue: true });
  document.addEventListener("DOMContentLoaded", () => (window.__atDomContentLoaded = { ...document.body.dataset }));
  // a copy of every events request the SDK makes goes to the test's page server (/tap), which,
  // unlike the browser's request log, still hears the beacon of a page that is closing
  const beacon = navigator.sendBeacon.bind(navigator), send = window.fetch.bind(window);
  const tapped = (url) => String(url).includes("/api/v1/events");
  navigator.sendBeacon = (url, body) => (tapped(url) && beacon("/tap?via=beacon", body), beacon(url, body));
  window.fetch = (url, init) => (tapped(url) && beacon("/tap?via=fetch", init.body), send(url, init));
</script>
<script>window.MOMENTS_CONFIG = ${json(config)};</script>
<script src="/moments.min.js"></script>
<script>
  window.__errors = [];
  const m = Moments.init({ host: ${json(host)}, clientKey: ${json(clientKey)}, config: window.MOMENTS_CONFIG,
    onError: (e) => window.__errors.push(e.message) });
  const hero = m.assign("${MOMENT}");
  document.body.dataset.hero = hero.payload.layout;
  document.body.dataset.variant = hero.variant;
  document.body.dataset.forced = hero.forced;
  m.trackEngagement("${MOMENT}");
  window.__moments = m;
</script>
<div class="hero">Hero</div>
</body></html>`;
}

const tapped = []; // {via: "fetch"|"beacon", events}

/** A page without an inlined config: it fetches one (cross-origin, Bearer key) behind antiFlicker. */
function lazyPage(host, clientKey) {
  const json = (v) => JSON.stringify(v);
  return `<!doctype html><html><head><meta charset="utf-8"><title>Moments SDK lazy page</title>
<script src="/moments.min.js"></script>
<script>
  window.__errors = [];
  const m = Moments.init({ host: ${json(host)}, clientKey: ${json(clientKey)}, timeout: 10000, onError: (e) => window.__errors.push(e.message) });
  m.antiFlicker("#hero", 10000);
  const visibility = () => getComputedStyle(document.getElementById("hero")).visibility;
  window.__rendered = m.ready().then(() => {
    const a = m.assign("${MOMENT}");
    document.getElementById("hero").dataset.variant = a.variant;
    return { variant: a.variant, visibilityWhenRendered: visibility() };
  });
  window.__revealed = window.__rendered.then(() => new Promise((r) => setTimeout(r, 50))).then(visibility);
</script></head><body><div id="hero" class="hero">Hero</div>
<script>window.__visibilityBeforeReady = visibility();</script>
</body></html>`;
}

/**
 * The README's page snippet ("In a page") exactly as written, its three placeholders replaced,
 * in the <head> of a page with a sign-up form; the test's tap script (see page()) comes first.
 */
function readmePage(config, host, clientKey) {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## In a page"));
  const block = /```html\n([\s\S]*?)```/.exec(section);
  assert.ok(block, "README.md has an html block under '## In a page'");
  let snippet = block[1];
  for (const [placeholder, value] of [['{"experiments":[]}', JSON.stringify(config).replace(/</g, "\\u003c")], ['"https://ab.example.com"', JSON.stringify(host)], ['"pk_..."', JSON.stringify(clientKey)]]) {
    assert.equal(snippet.split(placeholder).length, 2, `the README snippet has the placeholder ${placeholder} once`);
    snippet = snippet.replace(placeholder, () => value);
  }
  const tap = /<script>\s*\/\/ every change of data-hero[\s\S]*?<\/script>/.exec(page(config, host, clientKey))[0];
  return `<!doctype html><html><head><meta charset="utf-8"><title>README snippet</title>
${tap.replaceAll("document.body", "document.documentElement")}
${snippet}</head><body><div class="hero">Hero</div>
<form id="signup-form" action="/thanks" method="get"><input name="email" value="a@example.com"><button id="signup">Sign up</button></form>
</body></html>`;
}

const extraPages = {}; // path -> (req, res) => void, added by later tests' setups
const paints = []; // {page, name}: paint timing entries the split-URL pages report

async function startPageServer(html, lazyHtml, readmeHtml) {
  const server = createServer((req, res) => {
    const path = req.url.split("?")[0];
    if (extraPages[path]) {
      try {
        extraPages[path](req, res);
      } catch (e) {
        res.writeHead(500, { "Content-Type": "text/plain" }).end(e.stack); // the page shows why
        console.error(e);
      }
    }
    else if (req.url.startsWith("/paint")) {
      const q = new URL(req.url, "http://x").searchParams;
      paints.push({ page: q.get("page"), name: q.get("name") });
      res.writeHead(204).end();
    } else if (req.url.startsWith("/tap")) {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        tapped.push({ via: new URL(req.url, "http://x").searchParams.get("via"), events: JSON.parse(body).events });
        res.writeHead(204).end();
      });
    } else if (req.url.startsWith("/moments.min.js")) res.writeHead(200, { "Content-Type": "text/javascript" }).end(BUNDLE);
    else if (req.url == "/" || req.url.startsWith("/?")) res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
    else if (req.url == "/lazy") res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(lazyHtml);
    else if (req.url == "/readme") res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(readmeHtml);
    else if (req.url.startsWith("/thanks")) res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end("<!doctype html><p>Thanks</p>");
    else res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => new Promise((r) => server.close(r)));
  return `http://127.0.0.1:${server.address().port}/`;
}

// Everything the tests share, started once; a failure fails every test with its message.
const setup = (async () => {
  const server = await startServer();
  const { key: clientKey } = await expectOk(api(server, "POST", "/keys", { kind: "client", name: "sdk-js browser test" }), "create client key");
  await expectOk(api(server, "POST", "/moments", { key: MOMENT, stage: "FMOT", name: "Landing hero", description: "browser test" }), "create moment");
  await expectOk(
    api(server, "POST", "/experiments", {
      key: EXPERIMENT, moment: MOMENT, name: "Bold hero", hypothesis: "A bold hero engages more visitors",
      trafficPercent: 100, control: "control", primaryMetric: "engaged",
      secondaryMetrics: [{ key: "time_on_page", type: "mean" }, { key: "bounce" }],
      variants: Object.entries(LAYOUTS).map(([key, layout]) => ({ key, weight: 50, kind: "landing_page", payload: { layout } })),
    }),
    "create experiment"
  );
  await expectOk(api(server, "POST", `/experiments/${EXPERIMENT}/start`), "start experiment");
  const config = await expectOk(api(server, "GET", "/sdk/config", undefined, clientKey), "GET /sdk/config with the client key");
  assert.ok(config.experiments.some((e) => e.key == EXPERIMENT && e.status == "running"), "the config carries the running experiment");
  const pageUrl = await startPageServer(page(config, server.url, clientKey), lazyPage(server.url, clientKey), readmePage(config, server.url, clientKey));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  cleanups.push(() => browser.close());
  return { server, clientKey, config, pageUrl, browser };
})();
setup.catch(() => {}); // reported by each test that awaits it

/** Opens the page as a visitor (cookie moments_id), returns what it showed and the events it sent. */
async function visit({ browser, pageUrl }, { visitor, query = "" }) {
  const context = await newContext(browser);
  await context.addCookies([{ name: "moments_id", value: visitor, url: pageUrl }]);
  tapped.length = 0;
  const tab = await context.newPage();
  await tab.goto(pageUrl + query, { waitUntil: "domcontentloaded" });
  const shown = await tab.evaluate(() => ({
    atDomContentLoaded: window.__atDomContentLoaded,
    changes: window.__heroChanges,
    unitId: window.__moments.unitId,
    errors: window.__errors,
  }));
  await tab.mouse.click(20, 20); // an interaction within 7 s: engaged
  await tab.waitForTimeout(1500); // the 1 s batch goes out by fetch (CORS, Authorization header)
  await tab.close({ runBeforeUnload: true }); // pagehide: time_on_page and the rest by sendBeacon
  for (let i = 0; i < 50 && !tapped.some((t) => t.via == "beacon"); i++) await sleep(100);
  await context.close();
  return { shown, events: tapped.flatMap((t) => t.events), beaconed: tapped.some((t) => t.via == "beacon") };
}

/** Polls the report until check(report) holds; fails with the last report otherwise. */
async function reportUntil(server, check, what) {
  let last;
  for (const deadline = Date.now() + 60000; Date.now() < deadline; await sleep(500)) {
    last = await api(server, "GET", `/experiments/${EXPERIMENT}/report`);
    if (last.status == 200 && check(last.body)) return last.body;
  }
  assert.fail(`${what}: GET /experiments/${EXPERIMENT}/report never showed it; last answer HTTP ${last.status} ${JSON.stringify(last.body).slice(0, 1500)}`);
}

/** The variant this SDK gives a unit in Node, for comparison with what the page showed. */
const localVariant = (config, unitId) =>
  init({ config, unitId, window: null, document: null, fetch: async () => ({ ok: true }) }).assign(MOMENT).variant;

const metric = (report, key) => report.metrics?.find((m) => m.metric == key);
const variantOf = (entry, key) => entry?.variants?.find((v) => v.key == key);

/** Re-sends events the page sent: every one must be a duplicate, i.e. the server already has it. */
async function assertStored({ server, clientKey }, events) {
  const r = await expectOk(api(server, "POST", "/events", { events }, clientKey), "re-POST the page's events");
  assert.deepEqual({ accepted: r.accepted, duplicates: r.duplicates }, { accepted: 0, duplicates: events.length }, "the server had stored every event once");
}

test("a page with the inlined config shows its variant at DOMContentLoaded, never control first", async () => {
  const ctx = await setup;
  const { shown, events, beaconed } = await visit(ctx, { visitor: VISITOR });
  assert.deepEqual(shown.errors, []);
  assert.equal(shown.unitId, VISITOR, "the moments_id cookie is the unit");
  const variant = shown.atDomContentLoaded.variant;
  assert.ok(variant in LAYOUTS, "a variant at DOMContentLoaded: " + JSON.stringify(shown.atDomContentLoaded));
  assert.equal(shown.atDomContentLoaded.hero, LAYOUTS[variant]);
  assert.deepEqual(shown.changes, [[null, LAYOUTS[variant]]], "data-hero was set once, straight to the variant");

  // what the page sent: one exposure, engaged, time_on_page; the last ones by sendBeacon
  assert.ok(beaconed, "the page used sendBeacon (?key=) when it went away");
  const exposure = events.filter((e) => e.type == "exposure");
  assert.deepEqual(exposure.map((e) => [e.experiment, e.variant, e.unitId]), [[EXPERIMENT, variant, VISITOR]]);
  const metrics = events.filter((e) => e.type == "conversion").map((e) => e.metric).sort();
  assert.deepEqual(metrics, ["engaged", "time_on_page"]);
  const seconds = events.find((e) => e.metric == "time_on_page").value;
  assert.ok(seconds > 1 && seconds < 60, "time_on_page in seconds: " + seconds);

  // and what the server made of them
  const report = await reportUntil(
    ctx.server,
    (r) => variantOf(r, variant)?.units == 1 && variantOf(metric(r, "engaged"), variant)?.conversions == 1 && variantOf(metric(r, "time_on_page"), variant)?.mean > 0,
    "one exposed unit in " + variant + " with engaged and time_on_page"
  );
  assert.equal(variantOf(metric(report, "bounce"), variant)?.conversions ?? 0, 0, "an engaged visitor did not bounce");
  await assertStored(ctx, events);

  // the server's own assignment (the Java core) agrees with the page's (this SDK)
  const assigned = await expectOk(api(ctx.server, "POST", "/assign", { unitId: VISITOR, moments: [MOMENT] }, ctx.clientKey), "POST /assign");
  assert.equal(assigned.assignments.find((a) => a.moment == MOMENT)?.variant, variant, "server and browser agree");
});

test("an ad click's moments_force parameter lands on the forced variant, reported as forced", async () => {
  const ctx = await setup;
  const visitor = "browser-visitor-2";
  // force the variant this visitor would not get on their own
  const forced = localVariant(ctx.config, visitor) == "bold" ? "control" : "bold";
  // a preview link from the public client key counts as forced only when the server signed it
  const link = await expectOk(api(ctx.server, "POST", `/experiments/${EXPERIMENT}/links`, { kind: "force", variant: forced }), "sign the preview link");
  assert.match(link.query, new RegExp(`^moments_force=${EXPERIMENT}(:|%3A)${forced}&moments_sig=`));
  const { shown, events } = await visit(ctx, { visitor, query: `?utm_source=ad&${link.query}` });
  assert.deepEqual(shown.errors, []);
  assert.equal(shown.atDomContentLoaded.variant, forced);
  assert.equal(shown.atDomContentLoaded.hero, LAYOUTS[forced]);
  assert.equal(shown.atDomContentLoaded.forced, "true");
  const exposure = events.filter((e) => e.type == "exposure");
  assert.deepEqual(exposure.map((e) => [e.variant, e.forced]), [[forced, true]]);
  assert.ok(exposure[0].attributes.sig.split(",").includes(link.sig), "the link's signature travels with the exposure");
  const report = await reportUntil(ctx.server, (r) => r.health?.forcedExposures >= 1, "a forced exposure in the report's health");
  assert.equal(report.health.unsignedForce, 0, "the signed preview is not left out as unsigned");
  await assertStored(ctx, events);
});

test("without an inlined config, ready() fetches it cross-origin while antiFlicker hides the hero", async () => {
  const ctx = await setup;
  const visitor = "browser-visitor-3";
  const context = await newContext(ctx.browser);
  await context.addCookies([{ name: "moments_id", value: visitor, url: ctx.pageUrl }]);
  const tab = await context.newPage();
  await tab.goto(ctx.pageUrl + "lazy", { waitUntil: "domcontentloaded" });
  const seen = await tab.evaluate(async () => ({
    before: window.__visibilityBeforeReady,
    rendered: await window.__rendered,
    after: await window.__revealed,
    errors: window.__errors,
  }));
  await context.close();
  assert.deepEqual(seen.errors, [], "the config came (CORS preflight for the Authorization header passed)");
  assert.equal(seen.rendered.variant, localVariant(ctx.config, visitor));
  assert.equal(seen.before, "hidden", "hidden while the config loads");
  assert.equal(seen.rendered.visibilityWhenRendered, "hidden", "still hidden when the variant is rendered");
  assert.equal(seen.after, "visible", "revealed right after");
});

test("the README's page snippet runs in <head> as written and counts a sign-up only when it happens", async () => {
  const ctx = await setup;
  const visitor = "browser-visitor-4";
  const context = await newContext(ctx.browser);
  await context.addCookies([{ name: "moments_id", value: visitor, url: ctx.pageUrl }]);
  const tab = await context.newPage();
  const pageErrors = [];
  tab.on("pageerror", (e) => pageErrors.push(e.message));
  tapped.length = 0;
  await tab.goto(ctx.pageUrl + "readme", { waitUntil: "domcontentloaded" });
  const shown = await tab.evaluate(() => ({ atDomContentLoaded: window.__atDomContentLoaded, hero: document.documentElement.dataset.hero, changes: window.__heroChanges }));
  const variant = localVariant(ctx.config, visitor);
  assert.deepEqual(pageErrors, [], "no error in <head>");
  assert.equal(shown.hero, LAYOUTS[variant], "the variant's layout is on <html> at DOMContentLoaded");
  assert.deepEqual(shown.changes, [[null, LAYOUTS[variant]]], "set once, straight to the variant");
  await tab.waitForTimeout(1500); // the 1 s batch: the exposure, and no sign-up
  const onLoad = tapped.flatMap((t) => t.events);
  assert.deepEqual(onLoad.map((e) => [e.type, e.metric ?? e.variant]), [["exposure", variant]], "loading the page is no sign-up");
  await Promise.all([tab.waitForURL(/\/thanks/), tab.click("#signup")]); // the real sign-up: submit, leave the page
  for (let i = 0; i < 50 && !tapped.some((t) => t.events.some((e) => e.metric == "signup")); i++) await sleep(100);
  await context.close();
  const events = tapped.flatMap((t) => t.events);
  assert.deepEqual(events.filter((e) => e.type == "conversion").map((e) => [e.metric, e.unitId]), [["signup", visitor]], "one sign-up, on submit");
  await assertStored(ctx, events);
});

// ---------------------------------------------------------------- split-URL redirect (issue 20, item 13a)
const SPLIT_MOMENT = "fmot.split-landing";
const SPLIT_EXPERIMENT = "split-hero";
const RED = "#ff0000", GREEN = "#00aa00";

/** A page of the split test: the SDK's redirect() in <head>, a full-page colour and text in <body>. */
function splitPage(ctx, name, colour, head) {
  const json = (v) => JSON.stringify(v).replace(/</g, "\\u003c");
  const tap = /<script>\s*\/\/ every change of data-hero[\s\S]*?<\/script>/.exec(page(ctx.config, ctx.server.url, ctx.clientKey))[0];
  return `<!doctype html><html><head><meta charset="utf-8"><title>${name}</title>
<script>
  // every paint this page makes and its first animation frame (rendering ran), reported by beacon (a
  // page that is leaving can still send one), and a sign of life at 500 ms (it was there to report)
  const report = (what) => navigator.sendBeacon("/paint?page=${name}&name=" + what);
  new PerformanceObserver((l) => l.getEntries().forEach((e) => report(e.name))).observe({ type: "paint", buffered: true });
  requestAnimationFrame(() => report("animation-frame"));
  setTimeout(() => report("alive-at-500ms"), 500);
</script>
${tap.replaceAll("document.body", "document.documentElement")}
${head}
</head><body style="margin:0;background:${colour}"><div style="height:3000px;font:64px sans-serif">${name}</div></body></html>`;
}

/** The README's split-URL snippet as written, placeholders replaced; then what it decided, for the test. */
function SDK_REDIRECT(ctx) {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const block = /```html\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf("## Split-URL tests")));
  assert.ok(block, "README.md has an html block under '## Split-URL tests'");
  let snippet = block[1];
  for (const [placeholder, value] of [['"fmot.landing-hero"', JSON.stringify(SPLIT_MOMENT)], ['"https://ab.example.com"', JSON.stringify(ctx.server.url)], ['"pk_..."', JSON.stringify(ctx.clientKey)], ['{"experiments":[]}', JSON.stringify(ctx.splitConfig).replace(/</g, "\\u003c")]]) {
    assert.equal(snippet.split(placeholder).length, 2, `the README snippet has the placeholder ${placeholder} once`);
    snippet = snippet.replace(placeholder, () => value);
  }
  return snippet + `<script>window.__split = m.redirect("${SPLIT_MOMENT}"); // memoised: what it decided</script>`;
}

const splitSetup = (async () => {
  const ctx = await setup;
  await expectOk(api(ctx.server, "POST", "/moments", { key: SPLIT_MOMENT, stage: "FMOT", name: "Split landing", description: "split-URL test" }), "create moment");
  await expectOk(
    api(ctx.server, "POST", "/experiments", {
      key: SPLIT_EXPERIMENT, moment: SPLIT_MOMENT, name: "Bold landing page", hypothesis: "A bold page engages more",
      trafficPercent: 100, control: "control", primaryMetric: "engaged",
      variants: [{ key: "control", weight: 50, kind: "landing_page" }, { key: "bold", weight: 50, kind: "landing_page" }],
    }),
    "create split experiment"
  );
  await expectOk(api(ctx.server, "POST", `/experiments/${SPLIT_EXPERIMENT}/start`), "start split experiment");
  const config = await expectOk(api(ctx.server, "GET", "/sdk/config", undefined, ctx.clientKey), "GET /sdk/config");
  // the server does not send variant urls yet (spec/README.md, fields to send): the page adds bold's
  const splitConfig = structuredClone(config);
  const split = splitConfig.experiments.find((e) => e.key == SPLIT_EXPERIMENT);
  assert.ok(split, "the config carries the split experiment");
  split.variants.find((v) => v.key == "bold").url = ctx.pageUrl + "split/bold";
  const c = { ...ctx, splitConfig };
  const html = (res, body) => res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(body);
  extraPages["/split"] = (req, res) => html(res, splitPage(c, "original", RED, SDK_REDIRECT(c)));
  // the variant's page answers late, so that a page which paints while leaving is caught doing it
  extraPages["/split/bold"] = (req, res) => setTimeout(() => html(res, splitPage(c, "bold", GREEN, SDK_REDIRECT(c) + `<script>
    window.__landed = { url: location.href, split: window.__split };</script>`)), 1500);
  // the same departure made late, after the page was shown
  extraPages["/late"] = (req, res) =>
    html(res, splitPage(c, "late", RED, `<script>setTimeout(() => location.replace("/split/bold" + location.search), 300)</script>`));
  for (const path of ["/split/moments.min.js"]) extraPages[path] = (req, res) => res.writeHead(200, { "Content-Type": "text/javascript" }).end(BUNDLE);
  return c;
})();
splitSetup.catch(() => {});

/** A visitor id this SDK puts in `variant` of the split test. */
async function splitVisitor(variant, prefix) {
  const { splitConfig } = await splitSetup;
  for (let i = 0; ; i++) {
    const unitId = prefix + i;
    if (init({ config: splitConfig, unitId, window: null, document: null, fetch: async () => ({ ok: true }) }).assign(SPLIT_MOMENT).variant == variant) return unitId;
  }
}

/**
 * Opens path as visitor. (A screenshot cannot show a page that is leaving: Playwright waits for the
 * pending navigation, and CDP's capture waits for a frame that never comes; the pages report their
 * paints themselves.)
 */
async function splitVisit(path, visitor) {
  const ctx = await splitSetup;
  const context = await newContext(ctx.browser, { viewport: { width: 400, height: 300 } });
  await context.addCookies([{ name: "moments_id", value: visitor, url: ctx.pageUrl }]);
  const tab = await context.newPage();
  const warnings = []; // the snippet has no onError: the SDK's errors are console warnings
  tab.on("console", (msg) => msg.text().includes("moments:") && warnings.push(msg.text()));
  tab.on("pageerror", (e) => warnings.push(e.message));
  tapped.length = 0;
  paints.length = 0;
  await tab.goto(ctx.pageUrl + path, { waitUntil: "commit" });
  return { ctx, context, tab, warnings };
}

const paintsOf = (page) => paints.filter((p) => p.page == page).map((p) => p.name).sort();

test("split-URL: a visitor in the variant with a url leaves before the original paints, parameters kept, exposure stored", async () => {
  const visitor = await splitVisitor("bold", "split-bold-");
  const query = "?utm_source=ad&utm_campaign=spring&gclid=42&moments_ad=search-ad:b";
  const { ctx, context, tab, warnings } = await splitVisit("split" + query + "#offer", visitor);
  await tab.waitForURL(/\/split\/bold/);
  await tab.waitForFunction(() => window.__landed);
  await tab.waitForTimeout(300); // a redirect from the variant's own page would have started by now
  const landed = await tab.evaluate(() => window.__landed);
  await tab.waitForTimeout(1200); // the 1 s batch of the variant page's own SDK
  assert.equal(tab.url(), ctx.pageUrl + "split/bold" + query + "#offer", "query and hash kept, and no further redirect");
  assert.deepEqual(warnings, []);
  assert.deepEqual([landed.split.variant, landed.split.inExperiment], ["bold", true], "the variant's page recognises itself");
  assert.deepEqual(paintsOf("original"), ["alive-at-500ms"], "the original page, alive for 1.5 s, never rendered");
  assert.ok(paintsOf("bold").includes("first-contentful-paint"), "the variant's page did");
  await context.close();
  const exposures = tapped.flatMap((t) => t.events).filter((e) => e.experiment == SPLIT_EXPERIMENT);
  assert.ok(tapped.some((t) => t.via == "beacon"), "the exposure left by beacon");
  assert.deepEqual([...new Set(exposures.map((e) => [e.type, e.variant, e.unitId].join()))], ["exposure,bold," + visitor]);
  await assertStored(ctx, exposures);
});

test("split-URL: a visitor in the variant without a url stays on the original page, which paints", async () => {
  const visitor = await splitVisitor("control", "split-control-");
  const { ctx, context, tab, warnings } = await splitVisit("split?utm_source=ad", visitor);
  await tab.waitForTimeout(1300);
  assert.deepEqual(paintsOf("original"), ["alive-at-500ms", "animation-frame", "first-contentful-paint", "first-paint"], "the paint reports work");
  assert.equal(tab.url(), ctx.pageUrl + "split?utm_source=ad");
  const split = await tab.evaluate(() => window.__split);
  assert.deepEqual([split.variant, split.inExperiment, warnings], ["control", true, []]);
  await context.close();
  const exposures = tapped.flatMap((t) => t.events).filter((e) => e.experiment == SPLIT_EXPERIMENT);
  assert.deepEqual(exposures.map((e) => e.variant), ["control"]);
  await assertStored(ctx, exposures);
});

test("split-URL: the check can fail: a redirect made after the first paint (as one waiting for a fetched config would) shows the original", async () => {
  const { context, tab } = await splitVisit("late?x=1", "split-late-0");
  await tab.waitForURL(/\/split\/bold/);
  await tab.waitForFunction(() => document.title == "bold");
  await context.close();
  assert.ok(paintsOf("late").includes("first-contentful-paint"), "the original was painted before it left: " + JSON.stringify(paints));
});

/** A page on this test's origin that loads the bundle from the Moments server itself, with SRI. */
function servedBundlePage(config, server, script, integrity) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>served bundle</title>
<script>window.MOMENTS_CONFIG = ${JSON.stringify(config).replace(/</g, "\\u003c")};</script>
<script src="${server.url}${script.path}" integrity="${integrity}" crossorigin="anonymous"></script>
<script>
  window.__loaded = typeof Moments == "object";
  if (window.__loaded) {
    window.__errors = [];
    const m = Moments.init({ host: ${JSON.stringify(server.url)}, clientKey: ${JSON.stringify(script.clientKey)}, config: window.MOMENTS_CONFIG,
      onError: (e) => window.__errors.push(e.message) });
    window.__variant = m.assign("${MOMENT}").variant;
    window.__flushed = m.flush();
  }
</script></head><body></body></html>`;
}

test("install: the bundle the server serves at its versioned URL loads cross-origin with its SRI hash and assigns; a wrong hash is blocked", async () => {
  const ctx = await setup;
  const info = await fetch(ctx.server.url + "/api/v1/sdk/script").then((r) => r.json()); // no key: public
  const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  assert.equal(info.path, `/sdk/v${version}/moments.min.js`, "the URL names this package's version");
  const served = Buffer.from(await fetch(ctx.server.url + info.path).then((r) => r.arrayBuffer()));
  assert.ok(served.equals(BUNDLE), "the server serves the bundle this build made (npm run release refreshes sdk-js/release/)");
  const script = { path: info.path, clientKey: ctx.clientKey };
  const wrong = "sha384-" + Buffer.alloc(48).toString("base64");
  extraPages["/sri"] = (req, res) => res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(servedBundlePage(ctx.config, ctx.server, script, info.integrity));
  extraPages["/sri-wrong"] = (req, res) => res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(servedBundlePage(ctx.config, ctx.server, script, wrong));
  const visitor = "browser-visitor-sri";
  const context = await newContext(ctx.browser);
  await context.addCookies([{ name: "moments_id", value: visitor, url: ctx.pageUrl }]);
  const tab = await context.newPage();
  await tab.goto(ctx.pageUrl + "sri", { waitUntil: "domcontentloaded" });
  const seen = await tab.evaluate(async () => (await window.__flushed, { loaded: window.__loaded, variant: window.__variant, errors: window.__errors }));
  assert.deepEqual(seen, { loaded: true, variant: localVariant(ctx.config, visitor), errors: [] }, "loaded, assigned, its exposure sent");
  const refused = await context.newPage();
  await refused.goto(ctx.pageUrl + "sri-wrong", { waitUntil: "domcontentloaded" });
  assert.equal(await refused.evaluate(() => window.__loaded), false, "a bundle that does not match its integrity hash does not run");
  await context.close();
});

test("GET /r/{moment}: an ad's final URL on the server sends the visitor to their variant's page, parameters kept, cookie set, exposure stored, same variant next time", async () => {
  const ctx = await setup;
  const moment = "fmot.server-redirect", experiment = "server-redirect";
  const landing = { control: ctx.pageUrl + "landing-a?from=r", bold: ctx.pageUrl + "landing-b" };
  for (const path of ["/landing-a", "/landing-b"])
    extraPages[path] = (req, res) => res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html><title>${path}</title>`);
  await expectOk(api(ctx.server, "POST", "/moments", { key: moment, stage: "FMOT", name: "Server redirect", description: "browser test" }), "create moment");
  await expectOk(
    api(ctx.server, "POST", "/experiments", {
      key: experiment, moment, name: "Split URL by the server", hypothesis: "page b converts better", trafficPercent: 100, control: "control",
      primaryMetric: "signup", variants: Object.entries(landing).map(([key, url]) => ({ key, weight: 50, kind: "landing_page", url })),
    }),
    "create the split-URL experiment"
  );
  await expectOk(api(ctx.server, "POST", `/experiments/${experiment}/start`), "start it");
  const context = await newContext(ctx.browser);
  const tab = await context.newPage();
  const adUrl = `${ctx.server.url}/r/${moment}?key=${ctx.clientKey}&utm_source=google&utm_campaign=winter&gclid=Cj0abc`;
  await tab.goto(adUrl, { waitUntil: "domcontentloaded" });
  const arrived = new URL(tab.url());
  const variant = arrived.pathname == "/landing-a" ? "control" : "bold";
  assert.ok(["/landing-a", "/landing-b"].includes(arrived.pathname), "landed on a variant's page: " + tab.url());
  assert.deepEqual(
    [...arrived.searchParams],
    [...(variant == "control" ? [["from", "r"]] : []), ["utm_source", "google"], ["utm_campaign", "winter"], ["gclid", "Cj0abc"]],
    "the url's own query, then the ad's parameters, without the key"
  );
  const cookie = (await context.cookies(ctx.server.url)).find((c) => c.name == "moments_id");
  assert.ok(cookie && cookie.value.length > 0, "the server set moments_id on its own origin");
  assert.equal(cookie.sameSite, "Lax");
  // the SDK's visitor record with the first visit's attributes, which the SDK reads as its own (record.test.mjs)
  const rec = JSON.parse(decodeURIComponent(cookie.value)), unitId = rec.id;
  assert.deepEqual(rec.u, { utm_source: "google", utm_campaign: "winter", paid: true });
  assert.equal(init({ config: { experiments: [] }, document: { cookie: "moments_id=" + cookie.value }, window: null, fetch: async () => ({ ok: true }) }).unitId, unitId);
  for (let i = 0; i < 2; i++) {
    await tab.goto(adUrl, { waitUntil: "domcontentloaded" });
    assert.equal(new URL(tab.url()).pathname, arrived.pathname, "the next visit lands on the same variant");
  }
  await context.close();
  const sameUnit = await expectOk(api(ctx.server, "POST", "/assign", { unitId }, ctx.clientKey), "POST /assign for the cookie's unit");
  assert.equal(sameUnit.assignments.find((a) => a.moment == moment)?.variant, variant, "the cookie's unit is the one assigned");
  // the exposure is stored once: sent again under the server's own id it is a duplicate
  const again = { id: `~assign:${experiment}/${variant}/${unitId}`, type: "exposure", unitId, experiment, variant, timestamp: new Date().toISOString() };
  const resent = await expectOk(api(ctx.server, "POST", "/events", { events: [again] }), "re-send the exposure");
  assert.deepEqual({ accepted: resent.accepted, duplicates: resent.duplicates }, { accepted: 0, duplicates: 1 });
});

// ---- Issue 20 item 1: every fenced block of every README runs as written, or is listed with its reason ----

const REPO = new URL("../../../", import.meta.url);
const READMES = ["README.md", "server/README.md", "sdk-js/README.md", "sdk-java/README.md", "dashboard/README.md"];

/** Every fenced block: its file, line, language, text (list indentation removed) and id (file + first line). */
function readmeBlocks() {
  const found = [];
  for (const file of READMES) {
    const lines = readFileSync(new URL(file, REPO), "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      const open = /^( *)```(\w*)\s*$/.exec(lines[i]);
      if (!open) continue;
      let j = i + 1;
      while (j < lines.length && !/^ *```\s*$/.test(lines[j])) j++;
      const text = lines.slice(i + 1, j).map((l) => l.slice(open[1].length)).join("\n");
      found.push({ file, line: i + 1, lang: open[2], text, id: `${file}: ${text.split("\n")[0].trim()}` });
      i = j;
    }
  }
  return found;
}

// Blocks no test runs, each with the reason: reviewed by hand. A block not here and not run below fails the test.
const NOT_RUN = new Map([
  ["README.md: mvn -B -q -DskipTests -Dsdk-js.skip=true package && java -jar server/target/moments-server.jar", "the build itself; CI builds the jar this way (sdk-js.skip) before these tests run it"],
  ["README.md: mvn -B verify", "the whole build: it is what runs this test"],
  ["README.md: MOMENTS_DB_URL=postgresql://moments:secret@db.internal:5432/moments \\", "needs an external PostgreSQL; PackagingIT starts the slim jar"],
  ["server/README.md: mvn -B -q -DskipTests -Dsdk-js.skip=true package      # from the repository root", "the build itself (as README.md's quick start)"],
  ["server/README.md: X-Moments-Signature: t=1764412800,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd", "an example header, not code; the verification block below runs"],
  ["server/README.md: (root)       Main, MomentsServer, BackgroundWork, Bootstrap, RebuildCommand: read the config, wire and start everything", "a package diagram, not code"],
  ["sdk-js/README.md: cd sdk-js && npm ci && npm pack     # writes moments-sdk-0.1.4.tgz", "install.test.mjs runs npm pack and installs the tarball into a fresh project offline"],
  ["sdk-js/README.md: <script>window.MOMENTS_CONFIG = {\"experiments\":[]}; /* <- the body of GET /api/v1/sdk/config, inlined */</script>", "the page and split-URL snippets: run as written by the README and split-URL tests above"],
  ["sdk-js/README.md: https://ab.example.com/r/fmot.landing-hero?key=pk_...&utm_source=google&gclid=...", "a link; the GET /r/{moment} test above follows one like it"],
  ["sdk-js/README.md: import { init } from \"@moments/sdk\";", "needs an Express app with a cookie parser and a renderPage; the cookie rule it shows is RedirectHandlerTest's and the identity tests'"],
  ["sdk-js/README.md: npm ci", "the module's own test commands (Maven runs them)"],
  ["sdk-java/README.md: mvn -B -q -pl sdk-java -am install -DskipTests", "installs into the local Maven repository; sdk-java's ReadmeJavaBlocksTest checks it and the <dependency> name this module"],
  ["sdk-java/README.md: <dependency>", "a pom fragment"],
  ["sdk-java/README.md: mvn -B -q -o -pl sdk-java verify          # from the repository root", "the module's own build"],
  ["sdk-java/README.md: mvn -B -q -o -pl sdk-java test-compile exec:exec        # every benchmark, with -prof gc", "a benchmark (minutes; not in CI)"],
  ["sdk-java/README.md: mvn -B -q -o -pl sdk-java test-compile exec:exec -Djmh.args=\"ClientBenchmark.trackOneThread -t 4 -prof dev.moments.sdk.benchmarks.CpuTimeProfiler\"   # -t 1, 2, 4", "a benchmark"],
  ["sdk-java/README.md: mvn -B -q -pl sdk-java test-compile exec:exec -Djmh.args=\"AssignBenchmark -prof gc\"", "a benchmark"],
  ["sdk-java/README.md: mvn -B -q -o -pl sdk-java test-compile", "a benchmark"],
  ["dashboard/README.md: cd dashboard", "starts the dashboard's dev server (runs until stopped)"],
]);
// Java blocks are compiled (and the FakeMomentsClient one run) by sdk-java's ReadmeJavaBlocksTest, with the
// names each snippet assumes; every other language is run here or listed.

test("sticky: after the server changes a running sticky experiment's weights, each visitor keeps the variant the page showed before, and /assign agrees", async () => {
  const ctx = await setup;
  const { server, clientKey, browser, pageUrl } = ctx;
  const moment = "fmot.sticky-browser", key = "sticky-browser";
  const variants = (control, bold) =>
    Object.entries({ control, bold }).map(([k, weight]) => ({ key: k, weight, kind: "landing_page", payload: { layout: LAYOUTS[k] } }));
  await expectOk(api(server, "POST", "/moments", { key: moment, stage: "FMOT", name: "Sticky hero", description: "browser test" }), "create moment");
  await expectOk(
    api(server, "POST", "/experiments", {
      key, moment, name: "Sticky hero", hypothesis: "-", trafficPercent: 100, control: "control", primaryMetric: "engaged", variants: variants(50, 50),
    }),
    "create experiment"
  );
  await expectOk(api(server, "PATCH", `/experiments/${key}`, { sticky: true }), "make the draft sticky");
  await expectOk(api(server, "POST", `/experiments/${key}/start`), "start");
  const served = async () => (await expectOk(api(server, "GET", "/sdk/config", undefined, clientKey), "GET /sdk/config")).version;
  const configNow = () => expectOk(api(server, "GET", "/sdk/config", undefined, clientKey), "GET /sdk/config");
  let config = await configNow();
  assert.ok(config.experiments.some((e) => e.key == key && e.status == "running" && e.sticky === true), "the served config says sticky");
  extraPages["/sticky"] = (req, res) =>
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html><html><head><meta charset="utf-8"></head><body>
<script>window.MOMENTS_CONFIG = ${JSON.stringify(config).replace(/</g, "\\u003c")};</script>
<script src="/moments.min.js"></script>
<script>
  window.__errors = [];
  const m = Moments.init({ host: ${JSON.stringify(server.url)}, clientKey: ${JSON.stringify(clientKey)}, config: window.MOMENTS_CONFIG, onError: (e) => window.__errors.push(e.message) });
  window.__variant = m.assign(${JSON.stringify(moment)}).variant;
</script></body></html>`);
  const stickyUrl = new URL("/sticky", pageUrl).href;
  const visitors = Array.from({ length: 16 }, (_, i) => "sticky-visitor-" + i);
  const contexts = {}, before = {};
  for (const visitor of visitors) {
    const context = (contexts[visitor] = await newContext(browser));
    await context.addCookies([{ name: "moments_id", value: visitor, url: pageUrl }]);
    const tab = await context.newPage();
    await tab.goto(stickyUrl, { waitUntil: "domcontentloaded" });
    before[visitor] = await tab.evaluate(() => window.__variant);
    assert.deepEqual(await tab.evaluate(() => window.__errors), []);
    await tab.waitForTimeout(1200); // the 1 s batch with the exposure goes out
    await tab.close();
  }
  const inControl = visitors.filter((v) => before[v] == "control");
  assert.ok(inControl.length > 0, "some visitor saw control, so the change below would move them: " + JSON.stringify(before));

  const version = await served();
  await expectOk(api(server, "PATCH", `/experiments/${key}`, { variants: variants(1, 99) }), "new weights on the running sticky experiment");
  for (const deadline = Date.now() + 10000; (await served()) == version; await sleep(50)) assert.ok(Date.now() < deadline, "the new weights reach /sdk/config");
  config = await configNow();
  const fresh = (unitId) => init({ config, unitId, window: null, document: null, fetch: async () => ({ ok: true }) }).assign(moment).variant;
  assert.ok(inControl.some((v) => fresh(v) == "bold"), "without the record the new weights would move some of them");
  for (const visitor of visitors) {
    const tab = await contexts[visitor].newPage();
    await tab.goto(stickyUrl, { waitUntil: "domcontentloaded" });
    assert.equal(await tab.evaluate(() => window.__variant), before[visitor], visitor + " keeps its variant after the weight change");
    await tab.close();
    await contexts[visitor].close();
  }
  // the server's side: once the page's exposures are folded, /assign answers each visitor the same variant
  for (const deadline = Date.now() + 60000; ; await sleep(300)) {
    const r = await api(server, "GET", `/experiments/${key}/report`);
    if (r.status == 200 && r.body.variants.reduce((n, v) => n + v.units, 0) == visitors.length) break;
    assert.ok(Date.now() < deadline, "the report counts every visitor once: " + JSON.stringify(r.body?.variants));
  }
  for (const visitor of visitors) {
    const a = await expectOk(api(server, "POST", "/assign", { unitId: visitor, moments: [moment] }, clientKey), "/assign " + visitor);
    assert.equal(a.assignments[0].variant, before[visitor], visitor + " on the server");
  }
  const report = await expectOk(api(server, "GET", `/experiments/${key}/report`), "report");
  assert.equal(report.health.implausibleVariant, 0);
  assert.equal(report.health.multipleExposures, 0);
});

test("every README block is run by a test or listed with the reason it is not", async () => {
  const ctx = await setup;
  const ran = [], unlisted = [];
  for (const block of readmeBlocks()) {
    const run = READMES_RUN[block.lang]?.(block);
    if (run) {
      await run(ctx).catch((e) => assert.fail(`${block.file}:${block.line} (${block.lang}) failed as written: ${e.stack}`));
      ran.push(block.id);
    } else if (!NOT_RUN.has(block.id) && block.lang != "java") unlisted.push(`${block.file}:${block.line} ${block.id}`);
  }
  assert.deepEqual(unlisted, [], "blocks neither run nor listed in NOT_RUN with a reason");
  const stale = [...NOT_RUN.keys()].filter((id) => !readmeBlocks().some((b) => b.id == id));
  assert.deepEqual(stale, [], "NOT_RUN names blocks the READMEs no longer have");
  assert.ok(ran.length >= 6, "blocks run: " + ran.join("\n"));
  console.log("README blocks run as written:\n  " + ran.join("\n  "));
});

/** Runners by language; each returns undefined for a block it does not run. */
const READMES_RUN = {
  // curl lines against the one server: $KEY is the admin key, localhost:8080 the server; every answer is JSON without an error
  sh: (block) =>
    /^curl /.test(block.text) &&
    (async ({ server }) => {
      const { execFileSync } = await import("node:child_process");
      const script = block.text.replaceAll("http://localhost:8080", server.url);
      const out = execFileSync("bash", ["-c", `set -e\n${script.replace(/\\\n\s*/g, " ").split("\n").map((l) => l + "; echo").join("\n")}`], { env: { ...process.env, KEY: ADMIN_KEY }, encoding: "utf8" });
      const answers = out.split("\n").filter((l) => l.trim());
      assert.equal(answers.length, block.text.split("\n").filter((l) => l.startsWith("curl ")).length, out);
      for (const a of answers) assert.ok(!("error" in JSON.parse(a)), a);
    }),
  json: (block) => async () => assert.equal(typeof JSON.parse(block.text), "object"),
  // the webhook signature check, with a real signature made as the server makes it; a tampered body fails it
  js: (block) =>
    block.text.includes("X-Moments") || block.text.includes("createHmac")
      ? async () => {
          const crypto = await import("node:crypto");
          const check = new Function("crypto", "Buffer", "header", "secret", "rawBody", block.text + "\nreturn ok;");
          const secret = "whsec-readme", rawBody = '{"event":"decision"}', t = Math.floor(Date.now() / 1000);
          const header = `t=${t},v1=` + crypto.createHmac("sha256", secret).update(`${t}.${rawBody}`).digest("hex");
          assert.equal(check(crypto, Buffer, header, secret, rawBody), true);
          assert.equal(check(crypto, Buffer, header, secret, rawBody + " "), false, "the check can fail");
        }
      : block.text.startsWith("m.trackEngagement(") || block.text.startsWith("const m = Moments.init({ host, clientKey });")
      ? (ctx) => inPage(ctx, block.text)
      : undefined,
  // the install tag: its placeholders replaced by the server's URL and the integrity it answers
  html: (block) =>
    block.text.includes("/sdk/v") &&
    (async (ctx) => {
      const info = await fetch(ctx.server.url + "/api/v1/sdk/script").then((r) => r.json());
      const tag = block.text.replace("https://ab.example.com", ctx.server.url).replace("sha384-...", info.integrity);
      await inPage(ctx, "", tag);
    }),
};

/** Runs a js block in a page that loaded the server's bundle; host, clientKey, m and render are defined as the README assumes. */
async function inPage(ctx, code, scriptTag) {
  const info = await fetch(ctx.server.url + "/api/v1/sdk/script").then((r) => r.json());
  const tag = scriptTag ?? `<script src="${ctx.server.url}${info.path}" integrity="${info.integrity}" crossorigin="anonymous"></script>`;
  extraPages["/readme-block"] = (req, res) =>
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(`<!doctype html><html><head>${tag}</head><body><div id="hero">Hero</div>
<script>
  window.__errors = [];
  var host = ${JSON.stringify(ctx.server.url)}, clientKey = ${JSON.stringify(ctx.clientKey)};
  var rendered = new Promise((resolve) => (window.render = resolve));
  var m = Moments.init({ host, clientKey, onError: (e) => window.__errors.push(e.message) });
  window.__done = (async () => { ${code}\n; return code_ran = true; })();
  window.__rendered = ${JSON.stringify(code)}.includes("render(") ? rendered : Promise.resolve(null);
</script></body></html>`);
  const context = await newContext(ctx.browser);
  const tab = await context.newPage();
  const pageErrors = [];
  tab.on("pageerror", (e) => pageErrors.push(e.message));
  await tab.goto(ctx.pageUrl + "readme-block", { waitUntil: "load" });
  const seen = await tab.evaluate(async () => ({ done: await window.__done, rendered: await window.__rendered, errors: window.__errors }));
  await context.close();
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(seen.errors, []);
  assert.equal(seen.done, true);
  if (code.includes("render(")) assert.equal(seen.rendered?.moment, MOMENT, "render got the assignment");
}
