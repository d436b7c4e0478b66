import { test } from "node:test";
import assert from "node:assert/strict";
import { parseHash, hashFor } from "../../src/js/router.js";
import { html, raw } from "../../src/js/html.js";

test("parseHash recognises every page", () => {
  assert.deepEqual(parseHash(""), { name: "journey", params: [], query: {} });
  assert.equal(parseHash("#/journey").name, "journey");
  assert.deepEqual(parseHash("#/experiments/hero-2026-11?segment=device"), { name: "experiment", params: ["hero-2026-11"], query: { segment: "device" } });
  assert.deepEqual(parseHash("#/experiments/a.b/edit").params, ["a.b"]);
  assert.deepEqual(parseHash("#/new/experiment?moment=fmot.x").query, { moment: "fmot.x" });
  assert.equal(parseHash("#/power").name, "power");
  assert.equal(parseHash("#/people").name, "people");
  assert.equal(hashFor("people"), "#/people");
  assert.equal(parseHash("#/webhooks").name, "webhooks");
  assert.equal(hashFor("webhooks"), "#/webhooks");
  assert.deepEqual(parseHash("#/install?experiment=hero").query, { experiment: "hero" });
  assert.equal(hashFor("install", "", { experiment: "hero" }), "#/install?experiment=hero");
  assert.equal(parseHash("#/nowhere").name, "not-found");
});

test("hashFor and parseHash agree", () => {
  const hash = hashFor("experiment", "hero 1", { segment: "device" });
  assert.deepEqual(parseHash(hash), { name: "experiment", params: ["hero 1"], query: { segment: "device" } });
});

test("html escapes interpolations but not nested markup", () => {
  const name = `<img src=x onerror="alert(1)">`;
  assert.equal(String(html`<p title="${name}">${name}</p>`), `<p title="&lt;img src=x onerror=&quot;alert(1)&quot;&gt;">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>`);
  assert.equal(String(html`<ul>${["a", "<b>"].map((x) => html`<li>${x}</li>`)}</ul>`), "<ul><li>a</li><li>&lt;b&gt;</li></ul>");
  assert.equal(String(html`${raw("<i>ok</i>")}${null}${false}${0}`), "<i>ok</i>0");
});
