// Starts the server under test: the real jar (default) or the mock (MOMENTS_E2E_TARGET=mock, for
// working on the dashboard before the server has every endpoint).
import { spawn } from "node:child_process";
import http from "node:http";
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
    if (isDead()) throw new Error(`The server exited during start-up (${isDead()}):\n${log() || "(no output)"}`);
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
  let exitStatus = "";
  // "close" comes after the output streams are drained, so the log is complete when it is reported
  const closed = new Promise((done) => child.on("close", (code, signal) => { exited = true; exitStatus = signal ?? `exit code ${code}`; done(); }));
  for (const stream of [child.stdout, child.stderr]) stream.on("data", (d) => { output.push(String(d)); if (output.length > 400) output.shift(); });
  const url = `http://127.0.0.1:${port}`;
  const log = () => output.join("").slice(-6000);
  const stop = async () => {
    if (!exited) {
      child.kill("SIGTERM");
      for (let i = 0; i < 100 && !exited; i++) await sleep(200);
      if (!exited) child.kill("SIGKILL");
      await closed;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, Date.now() + startupMs, () => exited && exitStatus, log);
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

/**
 * The real jar behind a proxy that serves dashboard/src itself: for running the flow against the
 * real API before the server packages and serves this dashboard (MOMENTS_E2E_TARGET=jar-api).
 */
export async function startJarWithLocalStatic() {
  const jar = await startJar();
  const { serveStatic } = await import("../../dev/mock-server.js");
  const target = new URL(jar.url);
  const proxy = http.createServer(async (req, res) => {
    if (!req.url.startsWith("/api/") && !req.url.startsWith("/health")) return serveStatic(res, new URL(req.url, "http://x").pathname);
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => { res.writeHead(502); res.end(); });
    req.pipe(upstream);
  });
  await new Promise((done) => proxy.listen(0, "127.0.0.1", done));
  return { ...jar, url: `http://127.0.0.1:${proxy.address().port}`, stop: async () => { proxy.closeAllConnections(); proxy.close(); await jar.stop(); } };
}

export function startTarget() {
  switch (process.env.MOMENTS_E2E_TARGET) {
    case "mock": return startMock();
    case "jar-api": return startJarWithLocalStatic();
    default: return startJar();
  }
}
