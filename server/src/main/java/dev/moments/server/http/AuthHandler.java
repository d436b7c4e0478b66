package dev.moments.server.http;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.store.KeyStore;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Decides who may call what: the admin key everything under /api/v1; server and client SDK keys
 * only the three SDK operations; a client key may also come as {@code ?key=} on POST /events
 * (navigator.sendBeacon cannot set headers).
 */
final class AuthHandler implements Handler<RoutingContext> {
  private static final String CALLER = "moments.caller";
  static final Set<String> SDK_PATHS =
      Set.of("/api/v1/sdk/config", "/api/v1/assign", "/api/v1/events");
  private static final String EVENTS = "/api/v1/events";
  private final KeyStore keys;

  AuthHandler(KeyStore keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (isExempt(ctx)) {
      ctx.next();
      return;
    }
    String path = ctx.normalizedPath();
    String key = presentedKey(ctx);
    if (key == null) {
      ctx.fail(ApiException.unauthorized("Send an API key as 'Authorization: Bearer <key>'."));
      return;
    }
    boolean queryKey = bearer(ctx) == null;
    keys.authenticate(key)
        .onComplete(
            result -> {
              if (result.failed()) {
                ctx.fail(result.cause());
                return;
              }
              Caller caller = result.result().orElse(null);
              if (caller == null) {
                ctx.fail(ApiException.unauthorized("This API key is unknown or revoked."));
              } else if (!allowed(caller, path, queryKey)) {
                ctx.fail(
                    ApiException.forbidden(
                        "A "
                            + caller.kind().name().toLowerCase()
                            + " key may not call "
                            + ctx.request().method()
                            + " "
                            + path
                            + "."));
              } else {
                ctx.put(CALLER, caller);
                ctx.next();
              }
            });
  }

  /** Requests that need no key: everything outside /api/v1, the contract, CORS preflights. */
  static boolean isExempt(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    return !path.startsWith("/api/v1/")
        || path.equals("/api/v1/openapi.yaml")
        || ctx.request().method() == HttpMethod.OPTIONS;
  }

  /** The key a request carries (trimmed), as {@link #handle} reads it; null when none. */
  static String presentedKey(RoutingContext ctx) {
    String key = bearer(ctx);
    if (key == null && ctx.normalizedPath().equals(EVENTS)) {
      key = ctx.queryParams().get("key");
    }
    return key == null || key.isBlank() ? null : key.trim();
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

  private static boolean allowed(Caller caller, String path, boolean queryKey) {
    if (queryKey && caller.kind() != KeyKind.CLIENT) {
      // Only public client keys may travel in URLs, where logs and referrers can see them.
      return false;
    }
    return caller.isAdmin() || SDK_PATHS.contains(path);
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7);
  }
}
