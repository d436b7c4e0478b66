package dev.moments.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;

/**
 * Cross-origin access: the SDK routes answer any origin (web pages on any site call them with the
 * public client key); admin routes answer no other origin than the dashboard's own, which is this
 * server's, so they send no CORS headers and refuse another origin's preflight.
 */
final class CorsPolicy implements Handler<RoutingContext> {
  private final AccessRules rules;
  private final CorsHandler sdk =
      CorsHandler.create()
          .allowedMethod(HttpMethod.GET)
          .allowedMethod(HttpMethod.POST)
          .allowedHeader("Authorization")
          .allowedHeader("Content-Type")
          .allowedHeader("If-None-Match")
          .exposedHeader("ETag")
          .exposedHeader(SdkConfigHandler.STALE_HEADER)
          .exposedHeader("Retry-After")
          .maxAgeSeconds(3600);

  CorsPolicy(AccessRules rules) {
    this.rules = rules;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (rules.isSdkPath(ctx.normalizedPath())) {
      sdk.handle(ctx);
      return;
    }
    if (ctx.request().method() == HttpMethod.OPTIONS
        && ctx.request().headers().contains(HttpHeaders.ORIGIN)
        && ctx.request().headers().contains(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
      ctx.fail(
          new ApiException(
              403,
              "cors_forbidden",
              "Only the dashboard served by this server may call this route from a browser.",
              null));
      return;
    }
    ctx.next();
  }
}
