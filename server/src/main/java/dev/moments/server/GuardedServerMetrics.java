package dev.moments.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;

/**
 * The HTTP server metrics of vertx-micrometer, skipping a connection that has no socket metric.
 *
 * <p>Why: Vert.x 5.0 (NetServerImpl.bind, unchanged up to 5.0.12 and on master) creates a server's
 * metrics in a listener of the bind future, which may run on the acceptor thread after the listen
 * socket already accepts. A connection accepted in that instant is set up while the server has no
 * metrics, so it gets no socket metric; its requests, read once the metrics exist, reach
 * vertx-micrometer's {@code requestBegin(null, ...)}, which throws ("socketMetric is null") on
 * every request of that keep-alive connection. Such a connection's traffic is not measured here
 * (none of its calls reach Micrometer) instead of failing; every other connection is measured as
 * before.
 */
final class GuardedServerMetrics<W, S> implements HttpServerMetrics<RequestMeters.Request, W, S> {
  private final HttpServerMetrics<?, W, S> delegate;
  private final RequestMeters requests;

  private GuardedServerMetrics(HttpServerMetrics<?, W, S> delegate, RequestMeters requests) {
    this.delegate = delegate;
    this.requests = requests;
  }

  /** {@code metrics} guarded, its requests measured into {@code registry}; null stays null. */
  static <W, S> HttpServerMetrics<?, W, S> guard(
      HttpServerMetrics<?, W, S> metrics, MeterRegistry registry) {
    return metrics == null
        ? null
        : new GuardedServerMetrics<>(metrics, new RequestMeters(registry));
  }

  @Override
  public RequestMeters.Request requestBegin(S socketMetric, HttpRequest request) {
    return socketMetric == null ? null : requests.begin(request.method().toString());
  }

  @Override
  public void requestEnd(RequestMeters.Request requestMetric, HttpRequest request, long bytesRead) {
    if (requestMetric != null) {
      requestMetric.requestEnded();
    }
  }

  @Override
  public void requestReset(RequestMeters.Request requestMetric) {
    if (requestMetric != null) {
      requestMetric.reset();
    }
  }

  @Override
  public RequestMeters.Request responsePushed(
      S socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return socketMetric == null ? null : requests.begin(method.toString());
  }

  @Override
  public void responseEnd(
      RequestMeters.Request requestMetric, HttpResponse response, long bytesWritten) {
    if (requestMetric != null) {
      requestMetric.responseEnded(response.statusCode());
    }
  }

  @Override
  public W connected(
      S socketMetric, RequestMeters.Request requestMetric, ServerWebSocket serverWebSocket) {
    return null;
  }

  @Override
  public void disconnected(W serverWebSocketMetric) {
    // no WebSocket metric (see above)
  }

  @Override
  public void requestRouted(RequestMeters.Request requestMetric, String route) {
    if (requestMetric != null) {
      requestMetric.routed(route);
    }
  }

  @Override
  public S connected(SocketAddress remoteAddress, String remoteName) {
    return delegate.connected(remoteAddress, remoteName);
  }

  @Override
  public void disconnected(S socketMetric, SocketAddress remoteAddress) {
    if (socketMetric != null) {
      delegate.disconnected(socketMetric, remoteAddress);
    }
  }

  @Override
  public void bytesRead(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    if (socketMetric != null) {
      delegate.bytesRead(socketMetric, remoteAddress, numberOfBytes);
    }
  }

  @Override
  public void bytesWritten(S socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
    if (socketMetric != null) {
      delegate.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
    }
  }

  @Override
  public void exceptionOccurred(S socketMetric, SocketAddress remoteAddress, Throwable t) {
    if (socketMetric != null) {
      delegate.exceptionOccurred(socketMetric, remoteAddress, t);
    }
  }

  @Override
  public void close() {
    delegate.close();
  }
}
