// Hostile or mistaken input to init and the hot paths: init and every public method are documented
// never to throw (defaults answer, the error goes to onError), and onError must not be flooded by a
// page that repeats a mistake in a loop.
import { test } from "node:test";
import assert from "node:assert/strict";
import { init } from "../../dist/index.mjs";
import { spawnSync } from "node:child_process";
import { browser, response } from "./fakes.mjs";

// init({host: 5}) threw "host.replace is not a function": the page lost the client and its defaults
test("an option of the wrong type is ignored as if not given and reported, never thrown", async () => {
  const env = browser();
  const m = init(env.options({ host: 5, fetch: "yes", setTimeout: {}, now: 1 }));
  assert.deepEqual(env.errors.map((e) => e.message), ["moments: bad option host", "moments: bad option fetch", "moments: bad option now", "moments: bad option setTimeout"]);
  assert.equal(m.assign("fmot.landing-hero").experiment, "hero-2026-11");
  for (const options of ["hero", 5, true, { host: {} }, { onError: "log" }, { now: 1 }, { setTimeout: 0, window: null, document: null }])
    assert.doesNotThrow(() => init(options).assign("m"), JSON.stringify(options));
});

// a batchSize below 1 (or not a number) split nothing off the queue: flush() looped for ever and hung the
// page. Run in a child process with a time limit, so that the hang fails the test instead of hanging it.
for (const batchSize of [0.5, -1, "many"])
  test(`a batchSize of ${JSON.stringify(batchSize)} falls back to 20 instead of hanging the page`, () => {
    const script = `
      import { init } from ${JSON.stringify(new URL("../../dist/index.mjs", import.meta.url).href)};
      const sizes = [];
      const fetch = async (url, req) => (sizes.push(JSON.parse(req.body).events.length), { status: 202, json: async () => ({ rejected: [] }) });
      const m = init({ batchSize: ${JSON.stringify(batchSize)}, fetch, window: null, document: null, onError() {} });
      for (let i = 0; i < 25; i++) m.track("click", 1, { unitId: "u" });
      await m.flush();
      console.log(JSON.stringify(sizes));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { timeout: 10000, encoding: "utf8" });
    assert.equal(run.signal, null, "flush() did not return within 10 s");
    assert.deepEqual(JSON.parse(run.stdout), [20, 5], run.stderr);
  });

test("a mistake repeated in a loop reaches onError once a second per kind, not once per call", async () => {
  const env = browser();
  const m = init(env.options());
  for (let i = 0; i < 1000; i++) m.track("revenue", "n/a " + i), m.track("Sign Up"), m.track("ok", 1, { unitId: "u".repeat(257 + i) });
  const messages = env.errors.map((e) => e.message);
  assert.equal(messages.length, 3, messages.join("\n"));
  assert.deepEqual(messages.slice(0, 2), ['moments: bad value "n/a 0"', 'moments: bad metric "Sign Up"']);
  assert.match(messages[2], /^moments: invalid unit id "u{257}"$/);
  await env.clock.tick(1000);
  m.track("revenue", "n/a");
  assert.equal(env.errors.length, 4, "the next second reports again");
});

test("a server naming ever new rejection codes reaches onError for 20 codes at most", async () => {
  const codes = Array.from({ length: 50 }, (_, i) => "code_" + String.fromCharCode(97 + (i % 26)) + i);
  const env = browser({
    fetchAnswers: [response(202, { accepted: 0, duplicates: 0, rejected: codes.map((code, index) => ({ index, error: { code, message: "no" } })) })],
  });
  const m = init(env.options({ batchSize: 60 }));
  for (let i = 0; i < 50; i++) m.track("signup");
  await m.flush();
  assert.equal(env.errors.length, 20);
});
