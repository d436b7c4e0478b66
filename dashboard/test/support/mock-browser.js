// The mock server and chromium for one describe block: started before its tests, closed after.
import { before, after } from "node:test";
import { mkdir } from "node:fs/promises";
import { launch, openPage } from "./browser.js";
import { startMockServer, DEV_KEY } from "../../dev/mock-server.js";

/** Returns {server, browser, open(viewport)}; `open` gives a page already holding the admin key. */
export function mockBrowser(shots) {
  const ctx = {};
  before(async () => {
    await mkdir(shots, { recursive: true });
    [ctx.server, ctx.browser] = await Promise.all([startMockServer({ port: 0 }), launch()]);
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  ctx.open = async (viewport) => {
    const s = await openPage(ctx.browser, ctx.server.url, viewport);
    s.page.setDefaultTimeout(10_000);
    await s.page.addInitScript((key) => sessionStorage.setItem("moments.key", key), DEV_KEY);
    return s;
  };
  return ctx;
}
