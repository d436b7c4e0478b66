package dev.moments.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/** What a request's headers say about its body, before any of it is read. */
final class Bodies {
  /** A chunked body: its length is unknown until it ends. */
  static final long CHUNKED = Long.MAX_VALUE;

  private Bodies() {}

  /**
   * The declared length: 0 for no body, {@link #CHUNKED} for a chunked one, -1 for a Content-Length
   * that is not a number (the request is refused).
   */
  static long declared(HttpServerRequest request) {
    if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      return CHUNKED;
    }
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return 0;
    }
    try {
      long value = Long.parseLong(length.trim());
      return value < 0 ? -1 : value;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** How long, and how many bytes, an unread body is drained before its connection closes. */
  static final long DRAIN_MS = 2000;

  static final long DRAIN_BYTES = 2L << 20;

  /**
   * Closes the connection of a request whose answer is out but whose body was not read. Closing at
   * once would make the kernel reset the connection while the client still sends, and the client
   * would lose the answer; so the rest of the body is read and dropped (never held) for a moment
   * first, as web servers' "lingering close" does, and the connection closes when it ends, after
   * {@link #DRAIN_MS} or after {@link #DRAIN_BYTES}, whichever comes first.
   */
  static void drainThenClose(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    long[] drained = {0};
    Vertx vertx = Vertx.currentContext().owner();
    long closeAt = vertx.setTimer(DRAIN_MS, id -> connection.close());
    try {
      request
          .handler(
              chunk -> {
                drained[0] += chunk.length();
                if (drained[0] > DRAIN_BYTES) {
                  connection.close();
                }
              })
          .endHandler(
              v -> {
                vertx.cancelTimer(closeAt);
                connection.close();
              })
          .resume();
    } catch (IllegalStateException ended) {
      connection.close(); // the request ended meanwhile
    }
  }

  /** Whether body bytes of this request are still on the connection, unread. */
  static boolean unread(HttpServerRequest request) {
    return declared(request) != 0 && !request.isEnded();
  }
}
