package dev.moments.server.http;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.DomainException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.domain.UnavailableException;

/**
 * A failure with its place in the API contract: an HTTP status, a machine code, a sentence, maybe a
 * field. Only the HTTP layer makes these (authentication, routing, request validation); domain
 * packages throw {@link DomainException}s, which {@link #of(DomainException)} translates.
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

  /** The one translation of a domain failure into the contract. */
  static ApiException of(DomainException failure) {
    String message = failure.getMessage();
    if (failure instanceof NotFoundException) {
      return new ApiException(404, "not_found", message, null);
    }
    if (failure instanceof ConflictException conflict) {
      return new ApiException(409, conflict.code(), message, null);
    }
    if (failure instanceof InvalidException invalid) {
      return badRequest(invalid.code(), message, invalid.field());
    }
    if (failure instanceof UnavailableException) {
      return unavailable(message);
    }
    throw new IllegalStateException("unmapped domain failure " + failure.getClass().getName());
  }

  public static ApiException badRequest(String code, String message, String field) {
    return new ApiException(400, code, message, field);
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
