package dev.moments.server.http;

import dev.moments.server.config.MomentsConfig;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Reads a request body only once the request is authenticated, only within the process-wide budget
 * of buffered bytes, and only for as long as the body timeout: an unauthenticated client's body is
 * never read (the connection closes after the answer), a body that would overflow the budget (or
 * its client address's share of it, see {@link BodyBudget}) gets 503 before a byte is read, and a
 * body that trickles gets 408 (the connection's deadline, {@link ConnectionGuard#bodyBegan}: no
 * timer made and cancelled per request). {@link #begin} goes where a body handler would; {@link
 * #end} right after it.
 */
final class BodyGate {
  private static final String TIMER = "moments.bodyTimer";
  private final BodyHandler reader =
      BodyHandler.create(false).setBodyLimit(MomentsConfig.MAX_BODY_BYTES);
  private final BodyBudget budget;
  private final ConnectionGuard connections;
  private final long timeoutMs;

  /**
   * @param budget the bytes reserved by bodies being read or held, shared by all verticles
   * @param connections this verticle's connections, which time the bodies being read
   */
  BodyGate(BodyBudget budget, ConnectionGuard connections, long timeoutMs) {
    this.budget = budget;
    this.connections = connections;
    this.timeoutMs = timeoutMs;
  }

  /** Pauses a request with a body, so that nothing of it is read while it is authenticated. */
  static void hold(RoutingContext ctx) {
    if (Bodies.declared(ctx.request()) != 0) {
      ctx.request().pause();
    }
  }

  Handler<RoutingContext> begin() {
    return this::begin;
  }

  Handler<RoutingContext> end() {
    return this::end;
  }

  private void begin(RoutingContext ctx) {
    long declared = Bodies.declared(ctx.request());
    if (declared == 0 || !AuthHandler.isAuthenticated(ctx)) {
      ctx.next(); // nothing to read, or a route that needs no body: it stays unread
      return;
    }
    if (declared < 0) {
      ctx.fail(ApiException.badRequest("bad_request", "Content-Length is not a number.", null));
      return;
    }
    if (declared != Bodies.CHUNKED && declared > MomentsConfig.MAX_BODY_BYTES) {
      ctx.fail(413);
      return;
    }
    long reserve = Math.min(declared, MomentsConfig.MAX_BODY_BYTES);
    String address = connections.client(ctx.request());
    if (!budget.reserve(address, reserve)) {
      ctx.fail(
          ApiException.overloaded(
              "The server is reading as many request bodies as it may hold; retry shortly."));
      return;
    }
    ctx.addEndHandler(v -> budget.release(address, reserve));
    if (!connections.bodyBegan(ctx)) {
      ctx.put(TIMER, ctx.vertx().setTimer(timeoutMs, id -> timedOut(ctx)));
    }
    reader.handle(ctx);
  }

  private static void timedOut(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.fail(ErrorHandler.REQUEST_TIMEOUT);
    }
  }

  private void end(RoutingContext ctx) {
    connections.bodyRead(ctx);
    Long timer = ctx.remove(TIMER);
    if (timer != null) {
      ctx.vertx().cancelTimer(timer);
    }
    if (!ctx.response().ended()) {
      ctx.next();
    }
  }
}
