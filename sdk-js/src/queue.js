// The event queue: batches to POST /api/v1/events, retries with backoff, and a last-chance
// sendBeacon when the page goes away. Every event carries its own id, so sending a batch twice
// (a retry, or a beacon racing a fetch) is harmless: the server counts each id once.
import { error } from "./hash.js";

/**
 * io: {post(batch) -> Promise<Response>, beacon(batch), later(f, ms) -> timer, cancel(timer), report(error), paused}
 * o: the client options (batchSize, flushInterval, maxRetries, maxQueue).
 */
export const createQueue = (io, o) => {
  const size = o.batchSize >= 1 ? o.batchSize : 20, unconfirmed = new Set(); // batches in flight or waiting for a retry
  const refusedCodes = new Set(); // a server-side rejection is reported once per error code, for 20 codes at most
  let queue = [], timer, paused = io.paused;

  const send = (batch, attempt) => {
    unconfirmed.add(batch);
    return io
      .post(batch)
      .then((r) => {
        const s = r.status;
        if (s > 499 || s == 408 || s == 429) throw (r.headers?.get("Retry-After") ?? NaN) * 1000;
        if (s > 299) return unconfirmed.delete(batch), io.report(error("events refused, HTTP " + s)); // a 4xx will not get better
        // a 202 may refuse single events ({"rejected":[{"index","error":{"code","message"}}]}); a 2xx
        // without that list (a captive portal's page) is no receipt and throws: the batch is retried
        return r.json().then(({ rejected }) => {
          rejected.map(({ error: { code, message } }) => refusedCodes.has(code) || refusedCodes.size > 19 || (refusedCodes.add(code), io.report(error(`events refused (${code}): ${message}`))));
          unconfirmed.delete(batch);
        });
      })
      .catch((after) => {
        if (!unconfirmed.has(batch)) return; // a beacon took it meanwhile
        if (attempt < (o.maxRetries ?? 5))
          // the server's Retry-After, at most 10 minutes as in the Java SDK (beyond 2^31 - 1 ms
          // setTimeout fires at once), else the backoff
          io.later(() => unconfirmed.has(batch) && send(batch, attempt + 1), after >= 0 ? Math.min(after, 6e5) : Math.min(3e4, 1e3 * 2 ** attempt));
        else unconfirmed.delete(batch), io.report(error("events dropped after retries"));
      });
  };

  const flush = () => {
    io.cancel(timer);
    timer = 0;
    const sent = [];
    while (!paused && queue[0]) sent.push(send(queue.splice(0, size), 0));
    return Promise.all(sent);
  };

  return {
    push(e) {
      if (queue.push(e) > (o.maxQueue || 1000)) queue.shift(), io.report(error("event queue full"));
      if (!paused) queue.length < size ? (timer ||= io.later(flush, o.flushInterval ?? 1000)) : flush();
    },
    flush,
    /** Hands everything not yet confirmed to io.beacon, in batches. */
    beacon() {
      if (paused) return;
      queue = [].concat(...unconfirmed, queue);
      unconfirmed.clear();
      while (queue[0]) io.beacon(queue.splice(0, size));
    },
    pause(drop) {
      paused = true;
      if (drop) queue = [];
    },
    resume() {
      paused = false;
      return flush();
    },
  };
};
