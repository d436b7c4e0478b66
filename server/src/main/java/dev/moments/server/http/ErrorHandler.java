package dev.moments.server.http;

import dev.moments.server.db.DatabaseFailures;
import dev.moments.server.domain.DomainException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where failures become the contract's error body. Nothing leaves as a stack
 * trace: an unexpected failure is logged with its trace and answered with a bare 500 body.
 */
public final class ErrorHandler implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
  static final ApiException REQUEST_TIMEOUT =
      new ApiException(408, "request_timeout", "The request body did not arrive in time.", null);
  static final ApiException URI_TOO_LONG =
      new ApiException(414, "uri_too_long", "The request line is longer than 4,096 bytes.", null);
  static final ApiException HEADERS_TOO_LARGE =
      new ApiException(
          431, "headers_too_large", "The request headers are larger than 8 KiB.", null);

  @Override
  public void handle(RoutingContext ctx) {
    ApiException error = toApiException(ctx);
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    if (error.status() >= 500 && error.status() != 503) {
      LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
    }
    respond(ctx, error, new JsonObject());
  }

  /**
   * Answers with the contract's error body, added to {@code body} (empty for every route but
   * /health, whose body also says {@code "status":"down"}).
   */
  static void respond(RoutingContext ctx, ApiException error, JsonObject body) {
    if (error.status() == 405) {
      ctx.response().putHeader("Allow", AllowedMethods.allowHeader(ctx));
    }
    respond(ctx.request(), error, body, false);
  }

  /**
   * Writes the error. A request whose body was not read (refused before reading it, or cut off by a
   * timeout) leaves its unread bytes on the connection, which is then closed: no buffer ever holds
   * what an unauthenticated or stalled client sends.
   */
  static void respond(
      HttpServerRequest request, ApiException error, JsonObject body, boolean thenClose) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (error.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
    }
    boolean unread = Bodies.unread(request);
    if (thenClose || unread) {
      response.putHeader("Connection", "close");
    }
    response.setStatusCode(error.status()).putHeader("Content-Type", "application/json");
    Gzip.end(request, body.mergeIn(ErrorBodies.of(error)).toBuffer());
    if (unread) {
      Bodies.drainThenClose(request);
    } else if (thenClose) {
      request.connection().close();
    }
  }

  static ApiException toApiException(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    // The OpenAPI router wraps validation failures in an HttpException(400).
    if (failure instanceof HttpException http && http.getCause() != null) {
      failure = http.getCause();
    }
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof DomainException domain) {
      return ApiException.of(domain);
    }
    if (failure instanceof SchemaValidationException schema) {
      return fromSchema(schema);
    }
    if (failure instanceof ValidatorException validator) {
      return fromValidator(validator);
    }
    if (failure instanceof DecodeException
        || (failure != null && failure.getCause() instanceof DecodeException)) {
      return ApiException.badRequest("malformed_json", "The request body is not valid JSON.", null);
    }
    if (DatabaseFailures.isUnavailable(failure)) {
      return ApiException.unavailable("The database is unreachable; retry shortly.");
    }
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    return fromStatus(status);
  }

  private static ApiException fromStatus(int status) {
    return switch (status) {
      case 400 -> ApiException.badRequest("bad_request", "The request is not valid.", null);
      case 401 -> ApiException.unauthorized("An API key is required.");
      case 403 -> ApiException.forbidden("This key may not do that.");
      case 404 -> new ApiException(404, "not_found", "No such resource.", null);
      case 405 ->
          new ApiException(
              405, "method_not_allowed", "This method is not allowed on this resource.", null);
      case 408 -> REQUEST_TIMEOUT;
      case 413 ->
          new ApiException(413, "body_too_large", "The request body is larger than 1 MiB.", null);
      case 414 -> URI_TOO_LONG;
      case 431 -> HEADERS_TOO_LARGE;
      case 503 -> ApiException.unavailable("The server cannot answer now; retry shortly.");
      case 415 ->
          new ApiException(
              415, "unsupported_media_type", "Send the body as application/json.", null);
      // StaticHandler's answer to a range past the end of a dashboard file (its Content-Range
      // stays)
      case 416 ->
          new ApiException(
              416, "range_not_satisfiable", "The requested range is not in the file.", null);
      // any other refusal a framework handler decides is the client's, never a 500
      default ->
          status >= 400 && status < 500
              ? new ApiException(status, "bad_request", "The request cannot be served.", null)
              : new ApiException(500, "internal_error", "Something went wrong on our side.", null);
    };
  }

  private static ApiException fromValidator(ValidatorException e) {
    if (e.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT) {
      return new ApiException(415, "unsupported_media_type", e.getMessage(), null);
    }
    String parameter = SchemaErrors.parameterName(e.getMessage());
    if (e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER && parameter != null) {
      return ApiException.badRequest(
          "missing_field", "'" + parameter + "' is required.", parameter);
    }
    return ApiException.badRequest("invalid_request", e.getMessage(), parameter);
  }

  private static ApiException fromSchema(SchemaValidationException e) {
    OutputUnit unit = SchemaErrors.mostSpecific(e.getOutputUnit());
    if (unit == null) {
      return ApiException.badRequest("invalid_request", e.getMessage(), null);
    }
    // A query or path parameter's schema failure points at the parameter's own root: name it from
    // the message.
    String field = SchemaErrors.fieldPath(unit);
    if (field == null) {
      field = SchemaErrors.parameterName(e.getMessage());
    }
    String code = SchemaErrors.isUnknownField(unit) ? "unknown_field" : "invalid_field";
    if (SchemaErrors.isRequired(unit)) {
      field = SchemaErrors.requiredField(unit, field);
      code = "missing_field";
    }
    String message = SchemaErrors.sentence(unit, field);
    if (e.type() == ValidatorErrorType.MISSING_REQUIRED_PARAMETER) {
      code = "missing_body";
    }
    return ApiException.badRequest(code, message, field);
  }
}
