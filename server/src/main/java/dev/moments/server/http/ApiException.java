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
  /** Retry-After of a 503 that says nothing more precise. */
  static final long UNAVAILABLE_RETRY_SECONDS = 5;

  private final int status;
  private final String code;
  private final String field;
  private final long retryAfterSeconds;

  public ApiException(int status, String code, String message, String field) {
    this(status, code, message, field, status == 503 ? UNAVAILABLE_RETRY_SECONDS : 0);
  }

  private ApiException(int status, String code, String message, String field, long retryAfter) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfter;
  }

  /** The one translation of a domain failure into the contract. */
  static ApiException of(DomainException failure) {
    String message = failure.getMessage();
    if (failure instanceof NotFoundException) {
      return new ApiException(404, "not_found", message, null);
    }
    if (failure instanceof ConflictException conflict) {
      return new ApiException(409, conflict.code(), message, conflict.field());
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

  /** 429: a quota or the failed-authentication limit; retry after the given seconds. */
  static ApiException rateLimited(String code, String message, long retryAfterSeconds) {
    return new ApiException(429, code, message, null, retryAfterSeconds);
  }

  /** 503 because this server holds as much as it may (connections, buffered bodies). */
  static ApiException overloaded(String message) {
    return new ApiException(503, "overloaded", message, null, 1);
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

  /** Seconds for the Retry-After header; 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
