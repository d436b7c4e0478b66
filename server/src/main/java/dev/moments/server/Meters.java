package dev.moments.server;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.noop.NoopDistributionSummary;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The Prometheus registry, kept small whatever the traffic (issue 19.5): every latency is a
 * histogram on the same fixed SLO buckets ({@link #SLO_BUCKETS}), never client-side quantiles
 * (which cannot be added up across servers), and no label takes a value a caller chooses: an
 * unknown HTTP method is {@code OTHER}, the latency histogram is per route class only (the request
 * counter keeps route, method and status), and the byte-size summaries are not shown ({@link
 * #UNSHOWN}).
 */
final class Meters {
  /** The latency buckets of every histogram, documented in server/README.md (Metrics). */
  static final List<Duration> SLO_BUCKETS =
      Arrays.stream(new long[] {5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000})
          .mapToObj(Duration::ofMillis)
          .toList();

  static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
  static final String OTHER_METHOD = "OTHER";
  private static final String RESPONSE_TIME = "vertx.http.server.response.time";
  private static final Set<String> HISTOGRAMS =
      Set.of(RESPONSE_TIME, "vertx.pool.queue.time", "moments.rollup.batch");

  private Meters() {}

  /**
   * Vert.x's byte-size summaries, which the page leaves out. Vert.x asks for two of them on every
   * request; a meter a filter denies is not kept by Micrometer, so each request ran every filter
   * and took the registry's lock to get a no-op anew. They are registered once as no-ops that the
   * page does not show instead.
   */
  static final Set<String> UNSHOWN =
      Set.of(
          "vertx.http.server.request.bytes",
          "vertx.http.server.response.bytes",
          "vertx.http.client.request.bytes",
          "vertx.http.client.response.bytes");

  static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) {
          @Override
          public DistributionSummary newDistributionSummary(
              Meter.Id id, DistributionStatisticConfig config, double scale) {
            return UNSHOWN.contains(id.getName())
                ? new NoopDistributionSummary(id)
                : super.newDistributionSummary(id, config, scale);
          }
        };
    registry
        .config()
        .meterFilter(
            MeterFilter.replaceTagValues("method", m -> METHODS.contains(m) ? m : OTHER_METHOD))
        .meterFilter(MeterFilter.replaceTagValues("route", m -> m.isEmpty() ? "unmatched" : m))
        .meterFilter(perRouteClass())
        .meterFilter(sloBuckets());
    return registry;
  }

  /**
   * vertx-micrometer's options: the labels the page has (the request meters of {@link
   * RequestMeters} assume these: method, route and code, no address), histograms on fixed buckets.
   */
  static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .addLabels(
            Label.HTTP_ROUTE, Label.HTTP_CODE, Label.HTTP_METHOD, Label.POOL_TYPE, Label.POOL_NAME)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  /**
   * Vert.x's metrics into {@code registry}: vertx-micrometer's, except that a connection accepted
   * before Vert.x wired the server's metrics is not measured rather than failing each of its
   * requests ({@link GuardedServerMetrics}).
   */
  static VertxMetricsFactory factory(PrometheusMeterRegistry registry) {
    return new GuardedMetricsFactory(new MicrometerMetricsFactory(registry), registry);
  }

  /** The latency histogram by route class: sdk_config, assign, events, report, admin, other. */
  private static MeterFilter perRouteClass() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (!id.getName().equals(RESPONSE_TIME)) {
          return id;
        }
        String route = id.getTag("route");
        return id.replaceTags(List.of(Tag.of("route", routeClass(route == null ? "" : route))));
      }
    };
  }

  static String routeClass(String route) {
    if (route.endsWith("/sdk/config")) {
      return "sdk_config";
    } else if (route.endsWith("/assign")) {
      return "assign";
    } else if (route.endsWith("/events")) {
      return "events";
    } else if (route.contains("/report")) {
      return "report";
    } else if (route.startsWith("/api/")) {
      return "admin";
    }
    return "other";
  }

  private static MeterFilter sloBuckets() {
    double[] nanos = SLO_BUCKETS.stream().mapToDouble(Duration::toNanos).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        DistributionStatisticConfig.Builder fixed =
            DistributionStatisticConfig.builder().percentilesHistogram(false).percentiles();
        if (id.getType() == Meter.Type.TIMER && HISTOGRAMS.contains(id.getName())) {
          fixed.serviceLevelObjectives(nanos);
        }
        return fixed.build().merge(config);
      }
    };
  }
}
