package dev.moments.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The per-request HTTP server meters of vertx-micrometer (5.0, with the labels the server enables:
 * method, route, code; no local or remote address), with the meters looked up once per method,
 * route and status instead of on every request.
 *
 * <p>Why: vertx-micrometer builds the tags anew on each request and asks the registry for the
 * active requests gauge, the request counter, the latency timer and two byte summaries on each
 * request (~5 % of a repeat /assign's event-loop time). The meters are the same (names,
 * descriptions, tags; the registry's filters apply when a meter is first made); the byte summaries,
 * which the page never shows ({@link Meters#UNSHOWN}), are left out. RequestMetersTest drives this
 * and vertx-micrometer with the same requests and compares the pages.
 */
final class RequestMeters {
  static final String ACTIVE = "vertx.http.server.active.requests";
  static final String REQUESTS = "vertx.http.server.requests";
  static final String RESPONSE_TIME = "vertx.http.server.response.time";
  static final String RESETS = "vertx.http.server.request.resets";

  /** Bounds the cache of (method, route, status) meters; beyond it meters are looked up. */
  static final int MAX_CACHED = 4096;

  private final MeterRegistry registry;
  private final Map<String, ByMethod> methods = new ConcurrentHashMap<>();

  RequestMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A request began: counted as active until both its request and its response ended. */
  Request begin(String method) {
    // any other method (a caller chooses it) is OTHER on the page (Meters' filter): one entry
    ByMethod meters =
        methods.computeIfAbsent(
            Meters.METHODS.contains(method) ? method : Meters.OTHER_METHOD, ByMethod::new);
    meters.active.increment();
    return new Request(meters, registry.config().clock().monotonicTime());
  }

  /** The meters of one method: its active requests and its answers by route and status. */
  private final class ByMethod {
    private final Tags tags;
    private final LongAdder active;
    private final Map<RouteCode, Answered> answers = new ConcurrentHashMap<>();

    ByMethod(String method) {
      this.tags = Tags.of("method", method);
      this.active = new LongAdder();
      Gauge.builder(ACTIVE, active, LongAdder::doubleValue)
          .description("Number of requests being processed")
          .tags(tags)
          .strongReference(true)
          .register(registry);
    }

    Answered answered(String route, int code) {
      RouteCode key = new RouteCode(route, code);
      Answered found = answers.get(key);
      if (found == null) {
        found = new Answered(tags.and("route", route).and("code", String.valueOf(code)));
        if (answers.size() < MAX_CACHED) {
          answers.put(key, found);
        }
      }
      return found;
    }
  }

  private record RouteCode(String route, int code) {}

  /** The counter and latency timer of one method, route and status. */
  private final class Answered {
    private final Counter requests;
    private final Timer latency;

    Answered(Tags tags) {
      requests =
          Counter.builder(REQUESTS)
              .description("Number of processed requests")
              .tags(tags)
              .register(registry);
      latency =
          Timer.builder(RESPONSE_TIME)
              .description("Request processing time")
              .tags(tags)
              .register(registry);
    }
  }

  /** One request's measurement, as vertx-micrometer's RequestMetric. */
  final class Request {
    private final ByMethod meters;
    private final long start;
    private String route;
    private boolean requestEnded;
    private boolean responseEnded;
    private boolean reset;

    private Request(ByMethod meters, long start) {
      this.meters = meters;
      this.start = start;
    }

    /** Routes the request passed, joined by {@code >} as vertx-micrometer does. */
    void routed(String name) {
      if (name != null) {
        route = route == null ? name : route + ">" + name;
      }
    }

    void requestEnded() {
      requestEnded = true;
      if (!reset && responseEnded) {
        meters.active.decrement();
      }
    }

    void responseEnded(int code) {
      Answered answered = meters.answered(route == null ? "" : route, code);
      answered.requests.increment();
      answered.latency.record(
          registry.config().clock().monotonicTime() - start, TimeUnit.NANOSECONDS);
      responseEnded = true;
      if (!reset && requestEnded) {
        meters.active.decrement();
      }
    }

    void reset() {
      Counter.builder(RESETS)
          .description("Number of request resets")
          .tags(meters.tags)
          .register(registry)
          .increment();
      meters.active.decrement();
      reset = true;
    }
  }
}
