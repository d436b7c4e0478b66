package dev.moments.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK traffic an operator watches (server/README.md, Metrics): events accepted, duplicate and
 * rejected by error code, /assign answers by status class, SDK configurations served and how often
 * the caches answered. Every label takes values from a fixed set (error codes are the parser's
 * own), so the page stays small however hostile the traffic. Meters are shared by every verticle of
 * the process: the registry hands the same counter to each.
 */
final class TrafficMeters {
  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter duplicate;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<String, Counter> byKey = new ConcurrentHashMap<>();
  // Resolved once: /assign answers are counted on every request of the hottest route.
  private final Counter assign2xx;
  private final Counter assign4xx;
  private final Counter assign5xx;

  TrafficMeters(MeterRegistry registry) {
    this.registry = registry;
    this.accepted =
        Counter.builder("moments.events.accepted")
            .description("Events newly stored by POST /events (acknowledged, durable)")
            .register(registry);
    this.duplicate =
        Counter.builder("moments.events.duplicate")
            .description("Events POST /events already had by id (resent; counted once)")
            .register(registry);
    for (String answer : new String[] {"full", "not_modified"}) {
      for (String freshness : new String[] {"current", "stale"}) {
        configServed(answer, freshness);
      }
    }
    assign2xx = assignAnswered("2xx");
    assign4xx = assignAnswered("4xx");
    assign5xx = assignAnswered("5xx");
    cacheLookups("sdk_config", true);
    cacheLookups("sdk_config", false);
  }

  void events(int acceptedCount, int duplicateCount) {
    accepted.increment(acceptedCount);
    duplicate.increment(duplicateCount);
  }

  /** An event refused with this error code (a code from the parser, never caller text). */
  void rejected(String code) {
    rejected
        .computeIfAbsent(
            code,
            c ->
                Counter.builder("moments.events.rejected")
                    .description("Events POST /events refused, by error code")
                    .tag("code", c)
                    .register(registry))
        .increment();
  }

  /** A route handler placed before /assign's own: counts its answer once it is sent. */
  void countAssignAnswer(RoutingContext ctx) {
    ctx.addEndHandler(
        v -> {
          int status = ctx.response().getStatusCode();
          (status < 300 ? assign2xx : status < 500 ? assign4xx : assign5xx).increment();
        });
    ctx.next();
  }

  private Counter assignAnswered(String status) {
    return counter(
        "moments.assign.requests", "POST /assign answers by status class", "status", status);
  }

  /**
   * @param answer {@code full} (the document) or {@code not_modified} (304 on the SDK's ETag)
   * @param freshness {@code stale} while the database is away and the last good copy is served
   */
  Counter configServed(String answer, String freshness) {
    return counter(
        "moments.sdk.config.served",
        "SDK configurations served by GET /sdk/config",
        "answer",
        answer,
        "freshness",
        freshness);
  }

  /** A cache lookup: answered from memory ({@code hit}) or it had to wait for a load. */
  void cache(String cache, boolean hit) {
    cacheLookups(cache, hit).increment();
  }

  private Counter cacheLookups(String cache, boolean hit) {
    return counter(
        "moments.cache.requests",
        "Cache lookups by cache and result (hit: answered from memory)",
        "cache",
        cache,
        "result",
        hit ? "hit" : "miss");
  }

  private Counter counter(String name, String description, String... tags) {
    return byKey.computeIfAbsent(
        name + String.join(",", tags),
        k -> Counter.builder(name).description(description).tags(tags).register(registry));
  }
}
