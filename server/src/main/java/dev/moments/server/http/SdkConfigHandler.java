package dev.moments.server.http;

import dev.moments.server.assignment.ConfigCache;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/v1/sdk/config with ETag / If-None-Match, from the cache: never a database read per
 * request. Its gzip and plain forms have ETags of their own ({@link EntityTags}). While the
 * database is away the last good configuration is served with {@value #STALE_HEADER} saying how old
 * it is.
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
              if (body == null || body.plain() != config.body()) {
                body = Gzip.Precompressed.of(config.body());
              }
              // the form decides the validator: a cache holding one form must not get a 304 for
              // a request that gets the other
              boolean gzipped = Gzip.encodes(ctx.request(), body.plain().length());
              String etag = EntityTags.ofForm(config.etag(), gzipped);
              ctx.response().putHeader("ETag", etag).putHeader("Cache-Control", "no-cache");
              if (EntityTags.listed(ctx.request().getHeader("If-None-Match"), etag)) {
                meters.configServed("not_modified", freshness).increment();
                ctx.response().setStatusCode(304).end();
                return;
              }
              meters.configServed("full", freshness).increment();
              ctx.response().putHeader("Content-Type", "application/json");
              Gzip.send(ctx.request(), body, gzipped);
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
