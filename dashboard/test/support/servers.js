// Starts the server under test: the real jar (default) or the mock (MOMENTS_E2E_TARGET=mock, for
// working on the dashboard before the server has every endpoint).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";

const HERE = fileURLToPath(new URL(".", import.meta.url));
export const JAR = resolve(process.env.MOMENTS_SERVER_JAR ?? join(HERE, "../../../server/target/moments-server.jar"));

export function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => done(port)); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHealth(url, deadline, isDead, log) {
  while (Date.now() < deadline) {
    if (isDead()) throw new Error(`The server exited during start-up:\n${log()}`);
    try {
      const r = await fetch(`${url}/health`);
      if (r.status === 200) return;
    } catch { /* not listening yet */ }
    await sleep(250);
  }
  throw new Error(`GET /health did not answer 200 in time:\n${log()}`);
}

/** The real server on a fresh data directory with a known admin key and no demo data. */
export async function startJar({ startupMs = 120_000 } = {}) {
  if (!existsSync(JAR)) {
    throw new Error(`The server jar is missing at ${JAR}. Build it first: mvn -B -q -pl server -am package -DskipTests (from the repository root), or point MOMENTS_SERVER_JAR at it.`);
  }
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), "moments-e2e-"));
  const adminKey = `e2e-${randomBytes(14).toString("hex")}`; // 32 characters
  const output = [];
  const child = spawn("java", ["-jar", JAR], {
    env: { ...process.env, MOMENTS_PORT: String(port), MOMENTS_DATA_DIR: dataDir, MOMENTS_ADMIN_KEY: adminKey, MOMENTS_DEMO: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let exited = false;
  child.on("exit", () => { exited = true; });
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (d) => { output.push(String(d)); if (output.length > 400) output.shift(); });
  const url = `http://127.0.0.1:${port}`;
  const log = () => output.join("").slice(-6000);
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      for (let i = 0; i < 100 && !exited; i++) await sleep(200);
      if (!exited) child.kill("SIGKILL");
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, Date.now() + startupMs, () => exited, log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, adminKey, kind: "jar", log, stop };
}

export async function startMock() {
  const { startMockServer } = await import("../../dev/mock-server.js");
  const adminKey = `e2e-${randomBytes(14).toString("hex")}`;
  const server = await startMockServer({ port: 0, adminKey, demo: false });
  return { url: server.url, adminKey, kind: "mock", log: () => "", stop: server.close };
}

export const startTarget = () => (process.env.MOMENTS_E2E_TARGET === "mock" ? startMock() : startJar());
