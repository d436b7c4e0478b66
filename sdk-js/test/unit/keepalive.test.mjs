// The keep-alive race over a real socket and Node's own fetch: a server closes a connection (an idle
// keep-alive one as a request arrives on it, or one whose request it read) without answering. The batch
// must go out again at once on a new connection with the same ids, so that `await flush()` before a
// script exits does not leave it to a retry timer that never fires.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { init } from "../../dist/index.mjs";

/**
 * An HTTP/1.1 server on a raw socket: `drop(n, onConnection)` says whether to close the connection
 * without answering the n-th request (1-based, over all connections; the onConnection-th on its
 * connection); others get 202 keep-alive.
 */
async function closingServer(drop) {
  const requests = []; // { connection, ids, answered }
  const sockets = new Set();
  let connections = 0;
  const server = createServer((socket) => {
    const connection = ++connections;
    let onConnection = 0;
    sockets.add(socket);
    let buffered = Buffer.alloc(0);
    socket.on("error", () => {});
    socket.on("data", (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString();
        const length = +(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        const body = JSON.parse(buffered.subarray(end + 4, end + 4 + length).toString());
        buffered = buffered.subarray(end + 4 + length);
        const request = { connection, ids: body.events.map((e) => e.id), answered: false };
        requests.push(request);
        if (drop(requests.length, ++onConnection)) return socket.destroy();
        request.answered = true;
        const answer = JSON.stringify({ accepted: request.ids.length, duplicates: 0, rejected: [] });
        socket.write(`HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: ${answer.length}\r\n\r\n${answer}`);
      }
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, requests, close: () => new Promise((r) => (server.close(r), sockets.forEach((s) => s.destroy()))) };
}

const client = (host, errors) =>
  init({ host, clientKey: "pk_test", window: null, document: null, config: { experiments: [] }, onError: (e) => errors.push(e) });

let reused;
for (const [name, drop] of [
  // the first request that reuses a connection (undici may open a second one for the second request)
  ["an idle keep-alive connection closed as the next batch arrives on it", (n, onConnection) => (n == 1 && (reused = 0), onConnection > 1 && !reused++)],
  ["a connection closed after its request was read, before any answer byte", (n) => n == 2],
]) {
  test(`${name}: flush() resolves with the batch delivered once, on a new connection, with the same ids`, async () => {
    const server = await closingServer(drop);
    try {
      const errors = [];
      const m = client(server.url, errors);
      for (const metric of ["first", "second", "third", "fourth"]) {
        m.track(metric, undefined, { unitId: "u1" });
        await m.flush();
      }
      const answered = server.requests.filter((r) => r.answered);
      assert.equal(answered.length, 4, "every batch answered by the time its flush() resolved: " + JSON.stringify(server.requests));
      const dropped = server.requests.filter((r) => !r.answered);
      assert.equal(dropped.length, 1, "the server closed one connection unanswered: " + JSON.stringify(server.requests));
      const resent = answered.find((r) => r.ids[0] == dropped[0].ids[0]);
      assert.ok(resent, "the dropped batch was sent again with the same event ids");
      assert.notEqual(resent.connection, dropped[0].connection, "on a new connection");
      assert.equal(server.requests.length, 5, "sent once more, not again after");
      assert.deepEqual(errors, [], "a race the retry absorbed is no error");
    } finally {
      await server.close();
    }
  });
}

test("a server that closes every connection unanswered: one immediate retry, then the backoff", async () => {
  const server = await closingServer(() => true);
  try {
    const errors = [];
    const m = client(server.url, errors);
    m.track("lost", undefined, { unitId: "u1" });
    await m.flush();
    assert.equal(server.requests.length, 2, "the first attempt and one immediate retry, no more at once");
    assert.deepEqual(errors, []);
  } finally {
    await server.close();
  }
});
