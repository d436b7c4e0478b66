package dev.moments.server.http;

import dev.moments.server.assignment.ConfigCache;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/v1/sdk/config with ETag / If-None-Match, from the cache: never a database read per
 * request.
 */
final class SdkConfigHandler {
  private final ConfigCache cache;

  SdkConfigHandler(ConfigCache cache) {
    this.cache = cache;
  }

  void get(RoutingContext ctx) {
    cache
        .current()
        .onSuccess(
            config -> {
              ctx.response()
                  .putHeader("ETag", config.etag())
                  .putHeader("Cache-Control", "no-cache");
              String ifNoneMatch = ctx.request().getHeader("If-None-Match");
              if (ifNoneMatch != null
                  && (ifNoneMatch.contains(config.etag()) || ifNoneMatch.trim().equals("*"))) {
                ctx.response().setStatusCode(304).end();
                return;
              }
              ctx.response().putHeader("Content-Type", "application/json").end(config.body());
            })
        .onFailure(ctx::fail);
  }
}
