import { test } from "node:test";
import assert from "node:assert/strict";
import { CLIENT_KEY_PLACEHOLDER, curlSnippet, javaSnippet, keyWarning, primaryMetricKey, webSnippet } from "../../src/js/install-snippet.js";

const HOST = "https://ab.example.com";
const SCRIPT = { version: "0.1.0", path: "/sdk/v0.1.0/moments.min.js", integrity: `sha384-${"A".repeat(64)}`, tag: "" };
const HERO = { key: "hero-2026-11", moment: "fmot.landing-hero", primaryMetric: "signup" };

/** Runs the snippet's inline script against a recording fake `Moments` and `document`. */
function run(snippet) {
  const body = [...snippet.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("\n");
  const calls = [];
  const listeners = {};
  const client = {
    antiFlicker: (...a) => calls.push(["antiFlicker", ...a]),
    ready: () => ({ then: (f) => { calls.push(["ready"]); f(); } }),
    assign: (moment) => { calls.push(["assign", moment]); return { variant: "bold", payload: {} }; },
    trackEngagement: (moment) => calls.push(["trackEngagement", moment]),
    track: (metric) => calls.push(["track", metric]),
  };
  const Moments = { init: (options) => { calls.push(["init", options]); return client; } };
  const document = { documentElement: { dataset: {} }, addEventListener: (type, f) => { listeners[type] = f; } };
  new Function("Moments", "document", body)(Moments, document);
  return { calls, listeners, document };
}

test("the web snippet loads the served bundle with its integrity hash, cross-origin", () => {
  const snippet = webSnippet({ host: HOST, script: SCRIPT, key: null, experiment: HERO, stage: "SMOT", selector: "#hero" });
  assert.match(snippet, new RegExp(`<script src="${HOST}/sdk/v0\\.1\\.0/moments\\.min\\.js" integrity="sha384-A{64}" crossorigin="anonymous"></script>`));
});

test("the web snippet runs: init with the placeholder key, hides the selector, assigns the moment, tracks the primary metric on its form", () => {
  const { calls, listeners, document } = run(webSnippet({ host: HOST, script: SCRIPT, key: null, experiment: HERO, stage: "SMOT", selector: " #hero " }));
  assert.deepEqual(calls[0], ["init", { host: HOST, clientKey: CLIENT_KEY_PLACEHOLDER }]);
  assert.deepEqual(calls[1], ["antiFlicker", "#hero", 800]);
  assert.deepEqual(calls.slice(2), [["ready"], ["assign", "fmot.landing-hero"]]);
  assert.equal(document.documentElement.dataset.variant, "bold");
  listeners.submit({ target: { matches: (s) => s === "#other-form" } });
  assert.equal(calls.filter(([name]) => name === "track").length, 0, "another form is not a sign-up");
  listeners.submit({ target: { matches: (s) => s === "#signup-form" } });
  assert.deepEqual(calls.at(-1), ["track", "signup"]);
});

test("a chosen key is quoted as a JavaScript string, whatever it holds", () => {
  const key = `pk_"quoted"</script>`;
  const { calls } = run(webSnippet({ host: HOST, script: SCRIPT, key: "pk_abc", experiment: HERO, stage: "SMOT" }));
  assert.equal(calls[0][1].clientKey, "pk_abc");
  const hostile = webSnippet({ host: HOST, script: SCRIPT, key, experiment: HERO });
  assert.equal(hostile.match(/<\/script>/g).length, 2, "the key cannot close the inline script");
  assert.equal(run(hostile).calls[0][1].clientKey, key);
});

test("an FMOT moment records engagement; a primary metric engagement records needs no track call", () => {
  const fmot = run(webSnippet({ host: HOST, script: SCRIPT, experiment: { ...HERO, primaryMetric: { key: "engaged" } }, stage: "FMOT" }));
  assert.deepEqual(fmot.calls.filter(([n]) => n === "trackEngagement"), [["trackEngagement", "fmot.landing-hero"]]);
  assert.equal(fmot.listeners.submit, undefined);
  assert.deepEqual(fmot.calls[1], ["antiFlicker", "body", 800], "no selector hides the body");
  const smot = run(webSnippet({ host: HOST, script: SCRIPT, experiment: HERO, stage: "SMOT" }));
  assert.equal(smot.calls.some(([n]) => n === "trackEngagement"), false);
});

test("a metric key with a dot becomes a valid form id", () => {
  const { listeners, calls } = run(webSnippet({ host: HOST, script: SCRIPT, experiment: { ...HERO, primaryMetric: "checkout.done" }, stage: "SMOT" }));
  listeners.submit({ target: { matches: (s) => s === "#checkout-done-form" } });
  assert.deepEqual(calls.at(-1), ["track", "checkout.done"]);
});

test("Java and curl use a server key from the environment, the moment and the primary metric", () => {
  const java = javaSnippet({ host: HOST, experiment: HERO });
  assert.match(java, /MomentsClient\.builder\("https:\/\/ab\.example\.com", System\.getenv\("MOMENTS_SERVER_KEY"\)\)\.build\(\);/);
  assert.match(java, /client\.assign\("fmot\.landing-hero", userId, /);
  assert.match(java, /client\.track\(userId, "signup"\);/);
  const curl = curlSnippet({ host: HOST, experiment: HERO });
  // double quotes: the shell expands the key (single quotes sent the literal "$MOMENTS_SERVER_KEY", a 401)
  assert.match(curl, /-H "Authorization: Bearer \$MOMENTS_SERVER_KEY"/);
  const [assignBody, eventBody] = [...curl.matchAll(/-d '(.*)'$/gm)].map((m) => m[1]);
  assert.deepEqual(JSON.parse(assignBody), { unitId: "visitor-42", moments: ["fmot.landing-hero"] });
  const event = JSON.parse(eventBody.replaceAll(`'"$(uuidgen)"'`, "id-1").replaceAll(`'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'`, "2026-11-29T15:00:00Z")).events[0];
  assert.deepEqual(event, { id: "id-1", type: "conversion", unitId: "visitor-42", metric: "signup", timestamp: "2026-11-29T15:00:00Z" });
  assert.doesNotMatch(curlSnippet({ host: HOST, experiment: { ...HERO, primaryMetric: null } }), /events/);
});

test("only a non-client key for a web page is warned about", () => {
  assert.equal(keyWarning(null), null);
  assert.equal(keyWarning({ kind: "client", name: "web" }), null);
  assert.match(keyWarning({ kind: "server", name: "back end" }), /“back end” is a server key: never put it in a web page/);
  assert.match(keyWarning({ kind: "admin", name: "admin" }), /admin key: never put it in a web page/);
  assert.equal(primaryMetricKey({ primaryMetric: { key: "bounce" } }), "bounce");
  assert.equal(primaryMetricKey({}), null);
});
