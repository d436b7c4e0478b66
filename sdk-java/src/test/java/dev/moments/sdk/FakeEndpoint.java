package dev.moments.sdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/** A scriptable stand-in for the Moments server (JDK HttpServer) that records every request. */
final class FakeEndpoint implements AutoCloseable {
  record Request(
      String method,
      String path,
      String ifNoneMatch,
      String authorization,
      String body,
      long nanos) {}

  record Reply(int status, String body, Map<String, String> headers) {
    static Reply of(int status, String body) {
      return new Reply(status, body, Map.of());
    }
  }

  static final String ACCEPT_ALL = "{\"accepted\":0,\"duplicates\":0,\"rejected\":[]}";

  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fake-endpoint");
            t.setDaemon(true);
            return t;
          });
  private final List<Request> requests = new ArrayList<>();
  private volatile Function<Request, Reply> config =
      r -> Reply.of(200, "{\"version\":\"empty\",\"experiments\":[]}");
  private volatile Function<Request, Reply> events = r -> Reply.of(202, ACCEPT_ALL);

  FakeEndpoint() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  FakeEndpoint onConfig(Function<Request, Reply> handler) {
    config = handler;
    return this;
  }

  FakeEndpoint onEvents(Function<Request, Reply> handler) {
    events = handler;
    return this;
  }

  synchronized List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  List<Request> eventPosts() {
    return requests("/api/v1/events");
  }

  List<Request> configGets() {
    return requests("/api/v1/sdk/config");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestHeaders().getFirst("If-None-Match"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body,
            System.nanoTime());
    synchronized (this) {
      requests.add(request);
    }
    Reply reply = (request.path().equals("/api/v1/events") ? events : config).apply(request);
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] bytes =
        reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
