package dev.moments.server.http;

import dev.moments.server.assignment.ConfigCache;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/v1/sdk/config with ETag / If-None-Match, from the cache: never a database read per
 * request. While the database is away the last good configuration is served with {@value
 * #STALE_HEADER} saying how old it is.
 */
final class SdkConfigHandler {
  static final String STALE_HEADER = "X-Moments-Config-Stale-Seconds";
  private final ConfigCache cache;
  private final TrafficMeters meters;
  // the current configuration's body and its gzip form (one handler per event loop: no race)
  private Gzip.Precompressed body;

  SdkConfigHandler(ConfigCache cache, TrafficMeters meters) {
    this.cache = cache;
    this.meters = meters;
  }

  void get(RoutingContext ctx) {
    var answer = cache.current();
    // complete at once: answered from memory; otherwise it waits for a load from the database
    meters.cache("sdk_config", answer.isComplete());
    answer
        .onSuccess(
            current -> {
              String freshness = current.isStale() ? "stale" : "current";
              var config = current.config();
              markStale(ctx.response(), current);
              ctx.response()
                  .putHeader("ETag", config.etag())
                  .putHeader("Cache-Control", "no-cache");
              String ifNoneMatch = ctx.request().getHeader("If-None-Match");
              if (ifNoneMatch != null
                  && (ifNoneMatch.contains(config.etag()) || ifNoneMatch.trim().equals("*"))) {
                meters.configServed("not_modified", freshness).increment();
                ctx.response().setStatusCode(304).end();
                return;
              }
              meters.configServed("full", freshness).increment();
              if (body == null || body.plain() != config.body()) {
                body = Gzip.Precompressed.of(config.body());
              }
              ctx.response().putHeader("Content-Type", "application/json");
              Gzip.end(ctx.request(), body);
            })
        .onFailure(ctx::fail);
  }

  /** Says how old a configuration is that could not be refreshed (whole seconds, at least 1). */
  static void markStale(HttpServerResponse response, ConfigCache.Current current) {
    if (current.isStale()) {
      long seconds = Math.max(1, (current.stale().toMillis() + 999) / 1000);
      response.putHeader(STALE_HEADER, Long.toString(seconds));
    }
  }
}
