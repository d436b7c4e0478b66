package dev.moments.server.config;

import java.time.Duration;

/**
 * What one client may hold of the HTTP server, so that slow or idle connections cannot exhaust it.
 *
 * @param headerTimeout a request's line and headers must arrive within this of the connection
 *     opening or of the previous response ending (so it is also how long an idle keep-alive
 *     connection stays open)
 * @param bodyTimeout a request body must arrive in full within this once its headers are in
 * @param idleTimeout a connection on which nothing is read or written for this long is closed
 * @param maxConnections open connections per server process; more are closed at once
 * @param maxBufferedBytes request bodies held in memory at once, across all requests of the
 *     process; a request that would exceed it gets 503
 */
public record HttpLimits(
    Duration headerTimeout,
    Duration bodyTimeout,
    Duration idleTimeout,
    int maxConnections,
    long maxBufferedBytes) {

  public static final HttpLimits DEFAULTS =
      new HttpLimits(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Duration.ofSeconds(60),
          10_000,
          64L << 20);

  public HttpLimits {
    positive("MOMENTS_HTTP_HEADER_TIMEOUT_MS", headerTimeout);
    positive("MOMENTS_HTTP_BODY_TIMEOUT_MS", bodyTimeout);
    positive("MOMENTS_HTTP_IDLE_TIMEOUT_MS", idleTimeout);
    Env.inRange("MOMENTS_HTTP_MAX_CONNECTIONS", maxConnections, 1, 1_000_000);
    Env.inRange(
        "MOMENTS_HTTP_MAX_BUFFERED_BYTES",
        maxBufferedBytes,
        MomentsConfig.MAX_BODY_BYTES,
        Long.MAX_VALUE);
  }

  static HttpLimits fromEnvironment(Env env) {
    return new HttpLimits(
        millis(env, "MOMENTS_HTTP_HEADER_TIMEOUT_MS", DEFAULTS.headerTimeout),
        millis(env, "MOMENTS_HTTP_BODY_TIMEOUT_MS", DEFAULTS.bodyTimeout),
        millis(env, "MOMENTS_HTTP_IDLE_TIMEOUT_MS", DEFAULTS.idleTimeout),
        env.integer("MOMENTS_HTTP_MAX_CONNECTIONS", DEFAULTS.maxConnections),
        env.number("MOMENTS_HTTP_MAX_BUFFERED_BYTES", DEFAULTS.maxBufferedBytes));
  }

  static Duration millis(Env env, String name, Duration defaultValue) {
    return Duration.ofMillis(env.number(name, defaultValue.toMillis()));
  }

  static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero() || value.toMillis() > Duration.ofHours(1).toMillis()) {
      throw new ConfigException(
          name, String.valueOf(value.toMillis()), "must be between 1 and 3600000 (ms)");
    }
  }
}
