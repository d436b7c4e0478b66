package dev.moments.server;

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
final class GuardedServerMetrics<R, W, S> implements HttpServerMetrics<R, W, S> {
  private final HttpServerMetrics<R, W, S> delegate;

  private GuardedServerMetrics(HttpServerMetrics<R, W, S> delegate) {
    this.delegate = delegate;
  }

  /** {@code metrics} guarded; null (metrics disabled) stays null. */
  static <R, W, S> HttpServerMetrics<R, W, S> guard(HttpServerMetrics<R, W, S> metrics) {
    return metrics == null ? null : new GuardedServerMetrics<>(metrics);
  }

  @Override
  public R requestBegin(S socketMetric, HttpRequest request) {
    return socketMetric == null ? null : delegate.requestBegin(socketMetric, request);
  }

  @Override
  public void requestEnd(R requestMetric, HttpRequest request, long bytesRead) {
    if (requestMetric != null) {
      delegate.requestEnd(requestMetric, request, bytesRead);
    }
  }

  @Override
  public void requestReset(R requestMetric) {
    if (requestMetric != null) {
      delegate.requestReset(requestMetric);
    }
  }

  @Override
  public void responseBegin(R requestMetric, HttpResponse response) {
    if (requestMetric != null) {
      delegate.responseBegin(requestMetric, response);
    }
  }

  @Override
  public R responsePushed(S socketMetric, HttpMethod method, String uri, HttpResponse response) {
    return socketMetric == null
        ? null
        : delegate.responsePushed(socketMetric, method, uri, response);
  }

  @Override
  public void responseEnd(R requestMetric, HttpResponse response, long bytesWritten) {
    if (requestMetric != null) {
      delegate.responseEnd(requestMetric, response, bytesWritten);
    }
  }

  @Override
  public W connected(S socketMetric, R requestMetric, ServerWebSocket serverWebSocket) {
    return socketMetric == null || requestMetric == null
        ? null
        : delegate.connected(socketMetric, requestMetric, serverWebSocket);
  }

  @Override
  public void disconnected(W serverWebSocketMetric) {
    if (serverWebSocketMetric != null) {
      delegate.disconnected(serverWebSocketMetric);
    }
  }

  @Override
  public void requestRouted(R requestMetric, String route) {
    if (requestMetric != null) {
      delegate.requestRouted(requestMetric, route);
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
