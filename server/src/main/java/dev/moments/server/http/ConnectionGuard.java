package dev.moments.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Connections of one HTTP verticle (one event loop, so no locks but the shared count): at most
 * {@code max} open across the process, and each must deliver a request's headers within the header
 * timeout of opening or of its previous response, or it is closed. A client that trickles its
 * headers, or keeps a connection idle, holds it only that long. It also keeps each connection's
 * body deadline for {@link BodyGate}: a body being read must be in within the body timeout.
 *
 * <p>A request only moves its connection's deadlines: each connection has at most one timer, which
 * on firing answers 408 to a body read past its deadline, closes the connection if it still waits
 * for headers past its deadline, and otherwise waits again for the time left (a keep-alive
 * connection's requests would each cost a timer, or two, made and cancelled). The timer never waits
 * longer than the shorter of the two timeouts, so a deadline set after it was armed never falls
 * before it fires.
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
  private final long bodyTimeoutNanos;
  private final long longestWaitNanos;
  private final Map<HttpConnection, Waiting> connections = new HashMap<>();
  private final CharSequence keepAlive;

  /**
   * A connection's wait for headers (whether it waits, until when), the request whose body it reads
   * (null: none) and until when, and its timer (0: none) with the time it fires.
   */
  private static final class Waiting {
    boolean waiting;
    long deadline;
    RoutingContext body;
    long bodyDeadline;
    long timer;
    long firesAt;
    String client;
  }

  ConnectionGuard(
      Vertx vertx, AtomicInteger open, int max, long headerTimeoutMs, long bodyTimeoutMs) {
    this.vertx = vertx;
    this.open = open;
    this.max = max;
    this.headerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(headerTimeoutMs);
    this.bodyTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(bodyTimeoutMs);
    this.longestWaitNanos = Math.min(headerTimeoutNanos, bodyTimeoutNanos);
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

  /**
   * The body of {@code ctx} is being read from now on: unless {@link #bodyRead} comes first, the
   * request fails with 408 once the body timeout has passed. False when the connection is not
   * watched (closed meanwhile): the caller times the body itself.
   */
  boolean bodyBegan(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    Waiting w = connections.get(connection);
    if (w == null) {
      return false;
    }
    w.body = ctx;
    w.bodyDeadline = System.nanoTime() + bodyTimeoutNanos;
    if (w.timer != 0 && w.firesAt - w.bodyDeadline > 0) {
      vertx.cancelTimer(w.timer); // (not expected: the timer waits at most the body timeout)
      w.timer = 0;
    }
    if (w.timer == 0) {
      arm(connection, w, bodyTimeoutNanos);
    }
    return true;
  }

  /**
   * Whom the request's connection counts as ({@link RateLimits#client}), worked out once per
   * connection: its peer does not change.
   */
  String client(HttpServerRequest request) {
    Waiting w = connections.get(request.connection());
    if (w == null) {
      return RateLimits.client(request);
    }
    if (w.client == null) {
      w.client = RateLimits.client(request);
    }
    return w.client;
  }

  /** The body of {@code ctx} is in (or its request ended): no 408 for it. */
  void bodyRead(RoutingContext ctx) {
    Waiting w = connections.get(ctx.request().connection());
    if (w != null && w.body == ctx) {
      w.body = null;
    }
  }

  private void awaitHeaders(HttpConnection connection, Waiting w) {
    w.waiting = true;
    w.body = null;
    w.deadline = System.nanoTime() + headerTimeoutNanos;
    if (w.timer == 0) {
      arm(connection, w, headerTimeoutNanos);
    }
  }

  private void arm(HttpConnection connection, Waiting w, long nanos) {
    long wait = Math.min(nanos, longestWaitNanos);
    w.firesAt = System.nanoTime() + wait;
    w.timer =
        vertx.setTimer(
            Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait + 999_999)),
            id -> expired(connection, w));
  }

  private void expired(HttpConnection connection, Waiting w) {
    w.timer = 0;
    long now = System.nanoTime();
    if (w.body != null) {
      RoutingContext ctx = w.body;
      long left = w.bodyDeadline - now;
      if (left > 0) {
        arm(connection, w, left);
      } else {
        w.body = null;
        if (!ctx.request().isEnded()) {
          ctx.fail(ErrorHandler.REQUEST_TIMEOUT);
        }
      }
      return;
    }
    if (!w.waiting) {
      return; // a request is in progress: its end waits again
    }
    long left = w.deadline - now;
    if (left > 0) {
      arm(connection, w, left);
    } else {
      connections.remove(connection);
      connection.close();
    }
  }
}
