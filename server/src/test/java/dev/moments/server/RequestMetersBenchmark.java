package dev.moments.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MicrometerMetricsFactory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Function;

/**
 * The HTTP server metrics' CPU per request (begin, routed, request end, response end of one {@code
 * POST /api/v1/assign} answered 200), vertx-micrometer's against the server's ({@link
 * RequestMeters}), alternating, as thread CPU time: meaningful on a shared machine, where a whole
 * request's figure (server/bench/assign-cpu.sh) drowns a few microseconds in noise. {@code java -cp
 * server/target/moments-server.jar:server/target/test-classes
 * dev.moments.server.RequestMetersBenchmark [seconds per round, 5] [rounds, 3]}.
 */
public final class RequestMetersBenchmark {
  private RequestMetersBenchmark() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Function<PrometheusMeterRegistry, VertxMetricsFactory> theirs = MicrometerMetricsFactory::new;
    Function<PrometheusMeterRegistry, VertxMetricsFactory> ours = Meters::factory;
    for (int round = 1; round <= rounds; round++) {
      System.out.printf(
          "round %d: vertx-micrometer %.0f ns, server %.0f ns per request%n",
          round,
          nanosPerRequest(theirs, "theirs" + round, seconds),
          nanosPerRequest(ours, "ours" + round, seconds));
    }
  }

  private static double nanosPerRequest(
      Function<PrometheusMeterRegistry, VertxMetricsFactory> factory, String name, int seconds) {
    HttpServerMetrics<Object, Object, Object> metrics =
        RequestMetersTest.serverMetrics(factory.apply(Meters.registry()), name);
    Object socket = metrics.connected(RequestMetersTest.CLIENT, null);
    HttpRequest request = RequestMetersTest.request(HttpMethod.POST);
    HttpResponse ok = RequestMetersTest.response(200);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long start = cpu.getCurrentThreadCpuTime();
    long end = start + seconds * 1_000_000_000L;
    long requests = 0;
    long now = start;
    while (now < end) {
      for (int i = 0; i < 1000; i++) {
        Object measured = metrics.requestBegin(socket, request);
        metrics.requestRouted(measured, "/api/v1/assign");
        metrics.requestEnd(measured, request, 120);
        metrics.responseBegin(measured, ok);
        metrics.responseEnd(measured, ok, 80);
      }
      requests += 1000;
      now = cpu.getCurrentThreadCpuTime();
    }
    return (now - start) / (double) requests;
  }
}
