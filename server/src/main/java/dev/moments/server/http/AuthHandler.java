package dev.moments.server.http;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.Permission;
import dev.moments.server.store.KeyStore;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Decides who may call what. Each operation needs a permission that the contract names ({@link
 * AccessRules}); the admin key has them all, a person those of their role, server and client SDK
 * keys only {@code sdk}. A client key may also come as {@code ?key=} on POST /events
 * (navigator.sendBeacon cannot set headers).
 */
final class AuthHandler implements Handler<RoutingContext> {
  private static final String CALLER = "moments.caller";
  private static final String OPERATION = "moments.operation";
  private static final String AUTHENTICATING = "moments.authenticating";
  private static final String EVENTS = "/api/v1/events";

  private final KeyStore keys;
  private final AccessRules rules;

  AuthHandler(KeyStore keys, AccessRules rules) {
    this.keys = keys;
    this.rules = rules;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (isExempt(ctx)) {
      ctx.next();
      return;
    }
    String path = ctx.normalizedPath();
    Future<Optional<Caller>> authenticated = ctx.remove(AUTHENTICATING);
    if (authenticated == null) {
      String key = presentedKey(ctx);
      if (key == null) {
        ctx.fail(ApiException.unauthorized("Send an API key as 'Authorization: Bearer <key>'."));
        return;
      }
      authenticated = keys.authenticate(key);
    }
    boolean queryKey = bearer(ctx) == null;
    authenticated.onComplete(
        result -> {
          if (result.failed()) {
            ctx.fail(result.cause());
          } else {
            admit(ctx, result.result().orElse(null), path, queryKey);
          }
        });
  }

  /**
   * Lets the request on as {@code caller} (null: the key is unknown or revoked), or fails it: no
   * such key, a client key used from an origin it does not allow, or an operation its kind or role
   * may not call.
   */
  private void admit(RoutingContext ctx, Caller caller, String path, boolean queryKey) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (caller == null) {
      ctx.fail(ApiException.unauthorized("This API key is unknown or revoked."));
    } else if (caller.kind() == KeyKind.CLIENT
        && origin != null
        && !keys.allowsOrigin(caller.keyId(), origin)) {
      ctx.fail(
          new ApiException(
              403,
              "origin_forbidden",
              "This client key may not be used from " + origin + " (its allowed origins).",
              null));
    } else {
      HttpMethod method = ctx.request().method();
      // the path looked up once for both questions
      Map<HttpMethod, AccessRules.Rule> operations = rules.operationsAt(path);
      AccessRules.Rule rule = operations == null ? null : operations.get(method);
      if (!allowed(caller, operations, rule, method, queryKey)) {
        ctx.fail(ApiException.forbidden(refusal(caller, method, path)));
        return;
      }
      ctx.put(CALLER, caller);
      keys.used(caller.keyId());
      if (rule != null) {
        ctx.put(OPERATION, rule.operationId());
      }
      ctx.next();
    }
  }

  /**
   * Requests that need no key: everything outside /api/v1 and /r/, the contract, the SDK script's
   * location and hash (public, like the script), CORS preflights.
   */
  static boolean isExempt(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    return !(path.startsWith("/api/v1/") || path.startsWith(RedirectHandler.PREFIX))
        || path.equals("/api/v1/openapi.yaml")
        || path.equals(SdkScript.INFO_PATH)
        || ctx.request().method() == HttpMethod.OPTIONS;
  }

  /** The key a request carries (trimmed), as {@link #handle} reads it; null when none. */
  static String presentedKey(RoutingContext ctx) {
    String key = bearer(ctx);
    if (key == null
        && (ctx.normalizedPath().equals(EVENTS)
            || ctx.normalizedPath().startsWith(RedirectHandler.PREFIX))) {
      key = ctx.queryParams().get("key");
    }
    return key == null || key.isBlank() ? null : key.trim();
  }

  /**
   * The authentication of the request's key, begun by {@link AuthThrottle} with the look-up it made
   * anyway: {@link #handle} takes it over instead of looking the key up again.
   */
  static void authenticating(RoutingContext ctx, Future<Optional<Caller>> authentication) {
    ctx.put(AUTHENTICATING, authentication);
  }

  /** Whether authentication let this request through (its body may be read). */
  static boolean isAuthenticated(RoutingContext ctx) {
    return ctx.get(CALLER) != null;
  }

  /** The caller of an authenticated request; routes are only reached after authentication. */
  static Caller caller(RoutingContext ctx) {
    Caller caller = ctx.get(CALLER);
    if (caller == null) {
      throw ApiException.unauthorized("this request carries no key");
    }
    return caller;
  }

  /**
   * The first handler of every operation's route: the router must have chosen the operation this
   * handler allowed. Should the two ever read a path differently, the request is refused.
   */
  static Handler<RoutingContext> confirms(String operationId) {
    return ctx -> {
      if (operationId.equals(ctx.get(OPERATION))) {
        ctx.next();
      } else {
        ctx.fail(ApiException.forbidden("This key may not call " + operationId + "."));
      }
    };
  }

  private static boolean allowed(
      Caller caller,
      Map<HttpMethod, AccessRules.Rule> operations,
      AccessRules.Rule rule,
      HttpMethod method,
      boolean queryKey) {
    if (queryKey && (caller.kind() != KeyKind.CLIENT || rule == null || !rule.queryKey())) {
      // Only public client keys may travel in URLs, where logs and referrers can see them.
      return false;
    }
    for (Permission permission : AccessRules.required(operations, method)) {
      if (caller.may(permission)) {
        return true;
      }
    }
    return false;
  }

  private String refusal(Caller caller, HttpMethod method, String path) {
    String needs =
        rules.required(method, path).stream()
            .map(Permission::wire)
            .sorted()
            .collect(Collectors.joining("' or '", "'", "'"));
    String who =
        caller
            .person()
            .map(p -> p.name() + " (" + p.role().wire() + ")")
            .orElse("A " + caller.kind().wire() + " key");
    return who
        + " may not call "
        + method
        + " "
        + path
        + ": it needs the "
        + needs
        + " permission.";
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7);
  }
}
