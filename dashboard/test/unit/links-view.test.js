import { test } from "node:test";
import assert from "node:assert/strict";
import { linkUrl, pageUrl, linksTable, isAdExperiment } from "../../src/js/links-view.js";

test("a link keeps the page's own query and fragment and adds the signed parameters", () => {
  const url = linkUrl("https://shop.example/landing?utm_source=google#top", "moments_ad=search-ad:b&moments_sig=1767225600.AbC-_d");
  const parsed = new URL(url);
  assert.equal(parsed.searchParams.get("utm_source"), "google");
  assert.equal(parsed.searchParams.get("moments_ad"), "search-ad:b");
  assert.equal(parsed.searchParams.get("moments_sig"), "1767225600.AbC-_d");
  assert.equal(parsed.hash, "#top");
});

test("only http(s) page addresses are accepted", () => {
  assert.equal(pageUrl(" https://shop.example/landing "), "https://shop.example/landing");
  assert.equal(pageUrl("javascript:alert(1)"), null);
  assert.equal(pageUrl("shop.example/landing"), null);
});

test("preview links say they are excluded from the statistics; ad links say what to do with them", () => {
  const links = [{ variant: "a", kind: "force", expiresAt: "2026-11-30T12:00:00Z", query: "moments_force=x:a&moments_sig=1.s" }];
  const preview = String(linksTable("force", "https://shop.example/", links));
  assert.match(preview, /excluded from the statistics/);
  assert.match(preview, /moments_force=x%3Aa/);
  const ad = String(linksTable("ad", "https://shop.example/", [{ ...links[0], kind: "ad", query: "moments_ad=x:a&moments_sig=1.s" }]));
  assert.match(ad, /final URL of its ad/);
  assert.doesNotMatch(ad, /excluded/);
  assert.ok(isAdExperiment({ variants: [{ kind: "ad" }, { kind: "ad" }] }));
  assert.ok(!isAdExperiment({ variants: [{ kind: "ad" }, { kind: "landing_page" }] }));
});
