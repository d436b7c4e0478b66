package dev.moments.server.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Requests the HTTP decoder could not read (a request line over 4,096 bytes, headers over 8 KiB,
 * malformed syntax) get the contract's error body; the connection is closed after it.
 */
final class InvalidRequests {
  private InvalidRequests() {}

  static void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiException error;
    if (cause instanceof TooLongHttpLineException) {
      error = ErrorHandler.URI_TOO_LONG;
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = ErrorHandler.HEADERS_TOO_LARGE;
    } else {
      error = ApiException.badRequest("bad_request", "The request is not valid HTTP.", null);
    }
    SecurityHeaders.add(request.response().headers());
    ErrorHandler.respond(request, error, new JsonObject(), true);
  }
}
