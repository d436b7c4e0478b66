package dev.moments.server.http;

/**
 * A failure with a place in the API contract: an HTTP status, a machine code, a sentence, maybe a
 * field.
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final String field;

  public ApiException(int status, String code, String message, String field) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
  }

  public static ApiException badRequest(String code, String message, String field) {
    return new ApiException(400, code, message, field);
  }

  public static ApiException invalid(String field, String message) {
    return new ApiException(400, "invalid_field", message, field);
  }

  public static ApiException notFound(String what, String key) {
    return new ApiException(404, "not_found", what + " '" + key + "' does not exist", null);
  }

  public static ApiException conflict(String code, String message) {
    return new ApiException(409, code, message, null);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message, null);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message, null);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
