package dev.moments.server.testing;

import dev.moments.server.webhooks.Signature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * A real HTTP receiver on localhost whose answer to each event is scripted by how many times that
 * event's id has reached the path: fail with 500, hang (never answer), or accept with 200. It
 * checks every signature as a receiver would and records every request.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** What the receiver does with a request. */
  public enum Reply {
    ACCEPT,
    FAIL,
    HANG
  }

  /** One request as it arrived and what the receiver did with it. */
  public record Received(
      String path,
      String eventId,
      int attempt,
      JsonObject body,
      boolean signatureValid,
      Reply reply) {
    public String type() {
      return body.getString("type");
    }

    public String experiment() {
      JsonObject e = body.getJsonObject("experiment");
      return e == null ? null : e.getString("key");
    }
  }

  private record Route(String secret, IntFunction<Reply> script) {}

  private final Vertx vertx = Vertx.vertx();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final List<Received> received = new ArrayList<>();
  private final HttpServer server;

  public WebhookReceiver() {
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").await();
  }

  /**
   * @param script the reply to an event's n-th request at this path (n from 1)
   */
  public WebhookReceiver route(String path, String secret, IntFunction<Reply> script) {
    routes.put(path, new Route(secret, script));
    return this;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  public List<Received> received(String path) {
    synchronized (received) {
      return received.stream().filter(r -> r.path().equals(path)).toList();
    }
  }

  private void handle(HttpServerRequest request) {
    request
        .body()
        .onSuccess(
            buffer -> {
              Route route = routes.get(request.path());
              if (route == null) {
                request.response().setStatusCode(404).end();
                return;
              }
              String raw = buffer.toString();
              JsonObject body = new JsonObject(raw);
              String id = request.getHeader("X-Moments-Event-Id");
              int attempt = attempts.merge(request.path() + " " + id, 1, Integer::sum);
              boolean valid =
                  Signature.verify(
                      route.secret(),
                      request.getHeader(Signature.HEADER),
                      raw,
                      Instant.now().getEpochSecond(),
                      300);
              Reply reply = route.script().apply(attempt);
              synchronized (received) {
                received.add(new Received(request.path(), id, attempt, body, valid, reply));
              }
              switch (reply) {
                case ACCEPT -> request.response().setStatusCode(200).end("ok");
                case FAIL -> request.response().setStatusCode(500).end("receiver is down");
                case HANG -> {
                  // never answers: the sender's timeout has to give up on it
                }
              }
            });
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
