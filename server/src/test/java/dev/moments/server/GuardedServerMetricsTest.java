package dev.moments.server;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import org.junit.jupiter.api.Test;

/**
 * The metrics the server runs with, against a connection Vert.x set up before the server's metrics
 * existed (no socket metric): vertx-micrometer alone throws on each of its requests ("socketMetric
 * is null", seen once in EmbeddedCrashIT); the server's factory lets them through unmeasured and
 * still measures every other connection.
 */
class GuardedServerMetricsTest {
  private static final SocketAddress CLIENT = SocketAddress.inetSocketAddress(40000, "127.0.0.1");

  @SuppressWarnings("unchecked")
  private static HttpServerMetrics<Object, Object, Object> serverMetrics(
      VertxMetricsFactory factory) {
    VertxOptions options =
        new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
    return (HttpServerMetrics<Object, Object, Object>)
        factory
            .metrics(options)
            .createHttpServerMetrics(
                new HttpServerOptions(), SocketAddress.inetSocketAddress(8080, "0.0.0.0"));
  }

  private static final HttpRequest GET_HEALTH = RequestMetersTest.request(HttpMethod.GET);
  private static final HttpResponse OK = RequestMetersTest.response(200);

  @Test
  void vertxMicrometerAloneThrowsOnARequestOfAConnectionWithoutSocketMetric() {
    HttpServerMetrics<Object, Object, Object> bare =
        serverMetrics(new MicrometerMetricsFactory(new PrometheusMeterRegistry(k -> null)));
    assertThrows(NullPointerException.class, () -> bare.requestBegin(null, GET_HEALTH));
  }

  @Test
  void theServersMetricsLetSuchARequestThroughUnmeasured() {
    PrometheusMeterRegistry registry = Meters.registry();
    HttpServerMetrics<Object, Object, Object> metrics = serverMetrics(Meters.factory(registry));
    assertDoesNotThrow(
        () -> {
          Object request = metrics.requestBegin(null, GET_HEALTH);
          assertNull(request);
          metrics.bytesRead(null, CLIENT, 120);
          metrics.requestRouted(request, "/health");
          metrics.requestEnd(request, GET_HEALTH, 0);
          metrics.responseBegin(request, OK);
          metrics.bytesWritten(null, CLIENT, 80);
          metrics.responseEnd(request, OK, 80);
          metrics.requestReset(request);
          metrics.disconnected(null, CLIENT);
        });
    assertEquals(0, served(registry), "not measured");

    Object socket = metrics.connected(CLIENT, null);
    Object request = metrics.requestBegin(socket, GET_HEALTH);
    metrics.requestRouted(request, "/health");
    metrics.requestEnd(request, GET_HEALTH, 0);
    metrics.responseBegin(request, OK);
    metrics.responseEnd(request, OK, 80);
    metrics.disconnected(socket, CLIENT);
    assertEquals(1, served(registry), "a connection with its socket metric is measured");
  }

  private static double served(PrometheusMeterRegistry registry) {
    return registry.find("vertx.http.server.requests").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }
}
