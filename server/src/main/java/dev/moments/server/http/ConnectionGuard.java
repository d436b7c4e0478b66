package dev.moments.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections of one HTTP verticle (one event loop, so no locks but the shared count): at most
 * {@code max} open across the process, and each must deliver a request's headers within the header
 * timeout of opening or of its previous response, or it is closed. A client that trickles its
 * headers, or keeps a connection idle, holds it only that long.
 */
final class ConnectionGuard {
  private final Vertx vertx;
  private final AtomicInteger open;
  private final int max;
  private final long headerTimeoutMs;
  private final Map<HttpConnection, Long> awaitingHeaders = new HashMap<>();

  ConnectionGuard(Vertx vertx, AtomicInteger open, int max, long headerTimeoutMs) {
    this.vertx = vertx;
    this.open = open;
    this.max = max;
    this.headerTimeoutMs = headerTimeoutMs;
  }

  void opened(HttpConnection connection) {
    connection.closeHandler(
        v -> {
          open.decrementAndGet();
          stopWaiting(connection);
        });
    if (open.incrementAndGet() > max) {
      connection.close();
      return;
    }
    awaitHeaders(connection);
  }

  /** The first handler of every routed request: its headers are in. */
  void requestBegan(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    stopWaiting(connection);
    ctx.addEndHandler(v -> awaitHeaders(connection));
  }

  private void awaitHeaders(HttpConnection connection) {
    stopWaiting(connection);
    long timer =
        vertx.setTimer(
            headerTimeoutMs,
            id -> {
              awaitingHeaders.remove(connection);
              connection.close();
            });
    awaitingHeaders.put(connection, timer);
  }

  private void stopWaiting(HttpConnection connection) {
    Long timer = awaitingHeaders.remove(connection);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }
}
