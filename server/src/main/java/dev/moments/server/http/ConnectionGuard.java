package dev.moments.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections of one HTTP verticle (one event loop, so no locks but the shared count): at most
 * {@code max} open across the process, and each must deliver a request's headers within the header
 * timeout of opening or of its previous response, or it is closed. A client that trickles its
 * headers, or keeps a connection idle, holds it only that long.
 *
 * <p>A request only moves its connection's deadline: each connection has at most one timer, which
 * on firing closes the connection if it is still waiting past its deadline, and otherwise waits
 * again for the time left (a keep-alive connection's requests would each cost a timer made and
 * cancelled).
 *
 * <p>Every response says {@code Keep-Alive: timeout=N}, N a second short of the header timeout, so
 * that a client which honours it (Node's fetch, Vert.x's client) stops reusing an idle connection
 * before the server closes it: a request sent on a connection as the server closes it gets no
 * answer (the keep-alive race; the SDKs send such a batch again at once).
 */
final class ConnectionGuard {
  private static final CharSequence KEEP_ALIVE = HttpHeaders.createOptimized("Keep-Alive");
  private final Vertx vertx;
  private final AtomicInteger open;
  private final int max;
  private final long headerTimeoutNanos;
  private final Map<HttpConnection, Waiting> connections = new HashMap<>();
  private final CharSequence keepAlive;

  /** A connection's wait for headers: whether it waits, until when, and its timer (0: none). */
  private static final class Waiting {
    boolean waiting;
    long deadline;
    long timer;
  }

  ConnectionGuard(Vertx vertx, AtomicInteger open, int max, long headerTimeoutMs) {
    this.vertx = vertx;
    this.open = open;
    this.max = max;
    this.headerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(headerTimeoutMs);
    this.keepAlive = HttpHeaders.createOptimized("timeout=" + keepAliveSeconds(headerTimeoutMs));
  }

  /**
   * The idle time a client is told it may keep a connection: a second short of the header timeout
   * (the server counts from the end of its answer, the client from receiving it), at least 1.
   */
  static long keepAliveSeconds(long headerTimeoutMs) {
    return Math.max(1, headerTimeoutMs / 1000 - 1);
  }

  void opened(HttpConnection connection) {
    Waiting w = new Waiting();
    connection.closeHandler(
        v -> {
          open.decrementAndGet();
          connections.remove(connection);
          if (w.timer != 0) {
            vertx.cancelTimer(w.timer);
          }
        });
    if (open.incrementAndGet() > max) {
      connection.close();
      return;
    }
    connections.put(connection, w);
    awaitHeaders(connection, w);
  }

  /** The first handler of every routed request: its headers are in. */
  void requestBegan(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    Waiting w = connections.get(connection);
    if (w == null) {
      return; // closed meanwhile
    }
    w.waiting = false;
    ctx.response().headers().add(KEEP_ALIVE, keepAlive);
    ctx.addEndHandler(v -> awaitHeaders(connection, w));
  }

  private void awaitHeaders(HttpConnection connection, Waiting w) {
    w.waiting = true;
    w.deadline = System.nanoTime() + headerTimeoutNanos;
    if (w.timer == 0) {
      arm(connection, w, headerTimeoutNanos);
    }
  }

  private void arm(HttpConnection connection, Waiting w, long nanos) {
    w.timer =
        vertx.setTimer(
            Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)),
            id -> expired(connection, w));
  }

  private void expired(HttpConnection connection, Waiting w) {
    w.timer = 0;
    if (!w.waiting) {
      return; // a request is in progress: its end waits again
    }
    long left = w.deadline - System.nanoTime();
    if (left > 0) {
      arm(connection, w, left);
    } else {
      connections.remove(connection);
      connection.close();
    }
  }
}
