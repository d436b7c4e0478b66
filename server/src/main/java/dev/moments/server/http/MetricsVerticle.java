package dev.moments.server.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * The Prometheus page, {@code GET /metrics}, on a listener of its own (MOMENTS_METRICS_PORT, on the
 * loopback interface unless MOMENTS_METRICS_BIND says otherwise): it needs no key, so it is not on
 * the public port.
 */
public final class MetricsVerticle extends VerticleBase {
  private final PrometheusMeterRegistry registry;
  private final String host;
  private final int port;
  private HttpServer server;

  public MetricsVerticle(PrometheusMeterRegistry registry, String host, int port) {
    this.registry = registry;
    this.host = host;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .listen()
        .onSuccess(s -> server = s);
  }

  /** The port it listens on (the chosen one when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
