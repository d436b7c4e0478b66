package dev.moments.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The server's request meters against vertx-micrometer's own, driven with the same requests (known
 * and unknown methods, no route, two routes, many statuses, a reset, one still in flight): the
 * /metrics pages are the same but for the measured times.
 */
class RequestMetersTest {
  static final SocketAddress CLIENT = SocketAddress.inetSocketAddress(40000, "127.0.0.1");

  /** A request: method, the routes it passed, its status, whether it was reset, or in flight. */
  private record Call(String method, List<String> routes, int status, boolean reset, boolean open) {
    static Call of(String method, int status, String... routes) {
      return new Call(method, List.of(routes), status, false, false);
    }
  }

  private static final List<Call> CALLS =
      List.of(
          Call.of("POST", 200, "/api/v1/assign"),
          Call.of("POST", 200, "/api/v1/assign"),
          Call.of("POST", 200, "/api/v1/assign"),
          Call.of("POST", 429, "/api/v1/assign"),
          Call.of("OPTIONS", 204),
          Call.of("GET", 404),
          Call.of("GET", 200, "/health"),
          Call.of("PROPFIND", 405),
          Call.of("BREW", 405, "/api/v1/assign"),
          Call.of("GET", 200, "/api/v1/experiments/:key", "/api/v1/experiments/:key/report"),
          Call.of("POST", 503, "/api/v1/events"),
          new Call("POST", List.of("/api/v1/events"), 0, true, false),
          new Call("GET", List.of("/api/v1/sdk/config"), 0, false, true),
          new Call("BREW", List.of(), 0, false, true));

  @Test
  void theSamePageAsVertxMicrometerButForTheTimes() {
    PrometheusMeterRegistry theirs = Meters.registry();
    drive(serverMetrics(new MicrometerMetricsFactory(theirs), "theirs"));
    PrometheusMeterRegistry ours = Meters.registry();
    drive(serverMetrics(Meters.factory(ours), "ours"));

    String page = withoutTimes(ours.scrape());
    assertTrue(
        page.contains(
            "vertx_http_server_requests_total{code=\"200\",method=\"POST\",route=\"/api/v1/assign\"}"
                + " 3.0"),
        page);
    assertTrue(page.contains("vertx_http_server_active_requests{method=\"OTHER\"} 1.0"), page);
    assertTrue(page.contains("vertx_http_server_request_resets_total{method=\"POST\"} 1.0"), page);
    assertEquals(withoutTimes(theirs.scrape()), page);
  }

  /**
   * The page's lines, the measured durations masked: sums and maxima of the latency, and its
   * buckets but the last (vertx-micrometer reads the system clock; the counts stay compared).
   */
  private static String withoutTimes(String page) {
    return Pattern.compile(
            "^(vertx_http_server_response_time_seconds_(sum|max)\\{.*\\}"
                + "|vertx_http_server_response_time_seconds_bucket\\{.*le=\"[0-9.]+\"\\}) .*$",
            Pattern.MULTILINE)
        .matcher(page)
        .replaceAll("$1 T")
        .lines()
        .filter(l -> l.contains("vertx_http_server_"))
        .sorted()
        .reduce("", (a, b) -> a + b + "\n");
  }

  @SuppressWarnings("unchecked")
  static HttpServerMetrics<Object, Object, Object> serverMetrics(
      VertxMetricsFactory factory, String name) {
    // vertx-micrometer keeps a backend per registry name: one each, or both would share one
    return (HttpServerMetrics<Object, Object, Object>)
        factory
            .metrics(new VertxOptions().setMetricsOptions(Meters.options().setRegistryName(name)))
            .createHttpServerMetrics(
                new HttpServerOptions(), SocketAddress.inetSocketAddress(8080, "0.0.0.0"));
  }

  private static void drive(HttpServerMetrics<Object, Object, Object> metrics) {
    Object socket = metrics.connected(CLIENT, null);
    metrics.bytesRead(socket, CLIENT, 4000);
    metrics.bytesWritten(socket, CLIENT, 3000);
    for (Call call : CALLS) {
      HttpRequest request = request(HttpMethod.valueOf(call.method()));
      Object measured = metrics.requestBegin(socket, request);
      call.routes().forEach(route -> metrics.requestRouted(measured, route));
      if (call.open()) {
        continue;
      }
      if (call.reset()) {
        metrics.requestReset(measured);
        continue;
      }
      metrics.requestEnd(measured, request, 120);
      HttpResponse response = response(call.status());
      metrics.responseBegin(measured, response);
      metrics.responseEnd(measured, response, 80);
    }
  }

  static HttpResponse response(int status) {
    return new HttpResponse() {
      @Override
      public int statusCode() {
        return status;
      }

      @Override
      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }
    };
  }

  static HttpRequest request(HttpMethod method) {
    return new HttpRequest() {
      @Override
      public int id() {
        return 1;
      }

      @Override
      public String uri() {
        return "/x";
      }

      @Override
      public String absoluteURI() {
        return "http://localhost:8080/x";
      }

      @Override
      public HttpMethod method() {
        return method;
      }

      @Override
      public MultiMap headers() {
        return MultiMap.caseInsensitiveMultiMap();
      }

      @Override
      public SocketAddress remoteAddress() {
        return CLIENT;
      }
    };
  }
}
