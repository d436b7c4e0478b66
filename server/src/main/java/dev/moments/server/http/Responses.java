package dev.moments.server.http;

import dev.moments.server.domain.InvalidException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;

/**
 * Small helpers shared by the handlers: answer with JSON, or pass a failure to the error handler.
 */
final class Responses {
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");

  private Responses() {}

  static void json(RoutingContext ctx, int status, Object body) {
    ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON);
    Gzip.end(
        ctx.request(),
        body instanceof JsonObject o
            ? o.toBuffer()
            : body instanceof Buffer b ? b : io.vertx.core.json.Json.encodeToBuffer(body));
  }

  static <T> void reply(RoutingContext ctx, int status, Future<T> result) {
    result.onSuccess(body -> json(ctx, status, body)).onFailure(ctx::fail);
  }

  /** The body as the OpenAPI validator parsed and checked it. */
  static JsonObject body(RoutingContext ctx) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (request != null && request.getBody() != null && !request.getBody().isEmpty()) {
      Object value = request.getBody().get();
      if (value instanceof JsonObject json) {
        return json;
      }
    }
    JsonObject raw = ctx.body().asJsonObject();
    return raw == null ? new JsonObject() : raw;
  }

  /** The {@code {id}} path parameter: a stored row's id, a positive whole number. */
  static long id(RoutingContext ctx) {
    try {
      long id = Long.parseLong(ctx.pathParam("id"));
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw InvalidException.field("id", "An id is a positive whole number.");
  }

  static String query(RoutingContext ctx, String name) {
    ValidatedRequest request = ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
    if (request != null) {
      RequestParameter p = request.getQuery().get(name);
      if (p != null && !p.isNull()) {
        return String.valueOf(p.get());
      }
      return null;
    }
    return ctx.queryParams().get(name);
  }
}
