// Builds dist/: ESM and CommonJS for bundlers and Node, a minified IIFE (global `Moments`) for a
// <script> tag, and the hand-written type declarations.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const here = new URL(".", import.meta.url);
const dist = new URL("dist/", here).pathname;
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

// property names that never leave the SDK (engine and queue internals), shortened in the <script> build
const INTERNAL = /^(running|ads|holds|candidates|bounds|matches|layer|salted|keep|prefix|cut|store|exp|post|later|cancel|paused|beacon|pause|resume|report)$/;
const common = { entryPoints: [new URL("src/index.js", here).pathname], bundle: true, target: "es2021", logLevel: "warning" };
await Promise.all([
  build({ ...common, format: "esm", outfile: dist + "index.mjs" }),
  build({ ...common, format: "cjs", outfile: dist + "index.cjs" }),
  // BROWSER defined: the Node-only parts of the client (a timer's unref, the bound on a server's exposure memory) drop out
  build({ ...common, entryPoints: [new URL("src/browser.js", here).pathname], format: "iife", minify: true, mangleProps: INTERNAL, define: { BROWSER: "true" }, outfile: dist + "moments.min.js" }),
]);
for (const name of ["index.d.ts", "index.d.cts"]) copyFileSync(new URL("src/index.d.ts", here), dist + name);

// `node build.mjs --release` (npm run release) also refreshes release/: the bundle the server jar serves at
// /sdk/v<version>/moments.min.js (server/pom.xml packages this folder; committed, so that the quick start's
// `-Dsdk-js.skip=true` build serves it too). A unit test fails while it differs from dist/.
if (process.argv.includes("--release")) {
  const release = new URL("release/", here).pathname;
  mkdirSync(release, { recursive: true });
  const { version } = JSON.parse(readFileSync(new URL("package.json", here), "utf8"));
  // The server serves a version's bundle as immutable for a year and pages pin it by its SRI hash: a
  // browser holding the old bytes under the same URL would refuse the new hash. So a version's bytes, once
  // released, never change: versions.json records each version's hash, and a changed bundle needs a new one.
  const integrity = "sha384-" + createHash("sha384").update(readFileSync(dist + "moments.min.js")).digest("base64");
  const ledger = release + "versions.json";
  const versions = existsSync(ledger) ? JSON.parse(readFileSync(ledger, "utf8")) : {};
  if (versions[version] && versions[version] !== integrity) {
    console.error(`release: the bundle changed but version ${version} was already released with other bytes; bump "version" in sdk-js/package.json`);
    process.exit(1);
  }
  versions[version] = integrity;
  copyFileSync(dist + "moments.min.js", release + "moments.min.js");
  writeFileSync(release + "release.json", JSON.stringify({ version }) + "\n");
  writeFileSync(ledger, JSON.stringify(versions, null, 2) + "\n");
}
