// Issue 20 item 2: installing from the repository until the package is published. `npm pack` makes the
// tarball the README's install section names; it is installed into a fresh project (no registry: the SDK has
// no runtime dependency) and used there by import, require and the <script> bundle path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));

test("the committed release/ bundle the server serves is this build's, under this package's version", () => {
  const built = readFileSync(join(here, "dist/moments.min.js"));
  const released = readFileSync(join(here, "release/moments.min.js"));
  assert.ok(built.equals(released), "sdk-js/release/moments.min.js differs from dist/: run `npm run release` in sdk-js and commit release/");
  assert.deepEqual(JSON.parse(readFileSync(join(here, "release/release.json"), "utf8")), { version: pkg.version });
});

test("a released version's bytes never change: versions.json pins each version's SRI hash", () => {
  const released = readFileSync(join(here, "release/moments.min.js"));
  const versions = JSON.parse(readFileSync(join(here, "release/versions.json"), "utf8"));
  const integrity = "sha384-" + createHash("sha384").update(released).digest("base64");
  assert.equal(
    versions[pkg.version],
    integrity,
    `/sdk/v${pkg.version}/moments.min.js is served as immutable and pinned by pages' SRI hashes: the bundle changed ` +
      `under an already released version; bump "version" in sdk-js/package.json and run \`npm run release\``,
  );
});

test("npm pack's tarball installs into a fresh project, offline, and works by import and require", () => {
  const dir = mkdtempSync(join(tmpdir(), "moments-install-"));
  try {
    const npm = (...args) => execFileSync("npm", args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const [packed] = JSON.parse(npm("pack", here, "--json", "--pack-destination", dir));
    assert.equal(packed.filename, `moments-sdk-${pkg.version}.tgz`);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "shop", version: "1.0.0", private: true, type: "module" }));
    npm("install", "./" + packed.filename, "--offline", "--no-audit", "--no-fund");
    const config = { experiments: [{ key: "e", moment: "m", salt: "s", status: "running", ranges: [[0, 10000]], variants: [{ key: "a", weight: 1 }, { key: "b", weight: 1 }] }] };
    const use = (kind) => `const c = init({ config: ${JSON.stringify(config)}, window: null, document: null, fetch: async () => ({ ok: true }) });
      console.log(JSON.stringify([c.assign("m", { unitId: "u1" }).variant, typeof hash]));`;
    writeFileSync(join(dir, "esm.mjs"), `import { init, hash } from "@moments/sdk";\n${use()}`);
    writeFileSync(join(dir, "cjs.cjs"), `const { init, hash } = require("@moments/sdk");\n${use()}`);
    const esm = JSON.parse(execFileSync("node", ["esm.mjs"], { cwd: dir, encoding: "utf8" }));
    const cjs = JSON.parse(execFileSync("node", ["cjs.cjs"], { cwd: dir, encoding: "utf8" }));
    assert.ok(["a", "b"].includes(esm[0]), JSON.stringify(esm));
    assert.deepEqual(cjs, esm);
    assert.equal(esm[1], "function");
    assert.ok(existsSync(join(dir, "node_modules/@moments/sdk/dist/moments.min.js")), "the <script> bundle ships in the package");
    assert.ok(existsSync(join(dir, "node_modules/@moments/sdk/dist/index.d.ts")), "the types ship");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
