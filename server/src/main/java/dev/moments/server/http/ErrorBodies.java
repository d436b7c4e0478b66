package dev.moments.server.http;

import io.vertx.core.json.JsonObject;

/** The one error body of the contract: {"error":{"code","message","field"}}. */
final class ErrorBodies {
  private ErrorBodies() {}

  static JsonObject of(String code, String message, String field) {
    JsonObject error = new JsonObject().put("code", code).put("message", message);
    if (field != null) {
      error.put("field", field);
    }
    return new JsonObject().put("error", error);
  }

  static JsonObject of(ApiException e) {
    return of(e.code(), e.getMessage(), e.field());
  }
}
