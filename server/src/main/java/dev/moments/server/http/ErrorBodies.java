package dev.moments.server.http;

import io.vertx.core.json.JsonObject;

/**
 * The one error body of the contract, {@code {"error":{"code","message","field"}}}, and its inner
 * object, which {@code POST /events} also lists per rejected event.
 */
final class ErrorBodies {
  private ErrorBodies() {}

  static JsonObject of(ApiException e) {
    return new JsonObject().put("error", error(e.code(), e.getMessage(), e.field()));
  }

  static JsonObject error(String code, String message, String field) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (field != null) {
      error.put("field", field);
    }
    return error;
  }
}
