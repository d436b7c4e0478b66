package dev.moments.server.warmup;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Drives a server with the requests the SDKs send, as the load it will serve: {@code POST /events}
 * in batches of {@link #BATCH} (an exposure and a conversion of each new unit, timestamped), {@code
 * POST /assign} of new units, and the report polled as a dashboard does. Closed loop: each lane
 * sends its next request when the last is answered, so at most {@link #LANES} are in flight.
 */
final class WarmupLoad {
  static final int BATCH = 100;
  private static final int EVENT_LANES = 4;
  private static final int ASSIGN_LANES = 4;
  static final int LANES = EVENT_LANES + ASSIGN_LANES + 1;
  private static final long REPORT_EVERY_MS = 250;

  /** What the load sent: requests answered 2xx, the events they carried, the others. */
  record Result(long requests, long events, long failures, Optional<String> firstFailure) {}

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final String auth;
  private final String experiment;
  private final String moment;
  private final AtomicLong units = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicReference<String> firstFailure = new AtomicReference<>();

  private WarmupLoad(Vertx vertx, int port, String adminKey, String experiment, String moment) {
    this.vertx = vertx;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(LANES));
    this.auth = "Bearer " + adminKey;
    this.experiment = experiment;
    this.moment = moment;
  }

  /** Blocking: call it from {@code main}'s thread. */
  static Result drive(
      int port, String adminKey, String experiment, String moment, Duration duration) {
    Vertx vertx = Vertx.vertx();
    try {
      WarmupLoad load = new WarmupLoad(vertx, port, adminKey, experiment, moment);
      long deadline = System.nanoTime() + duration.toNanos();
      List<Future<Void>> lanes = new ArrayList<>();
      for (int i = 0; i < EVENT_LANES; i++) {
        lanes.add(load.lane(load::batch, BATCH, deadline));
      }
      for (int i = 0; i < ASSIGN_LANES; i++) {
        lanes.add(load.lane(load::assign, 1, deadline));
      }
      lanes.add(load.lane(load::report, 0, deadline));
      Future.join(lanes).await();
      return load.result();
    } finally {
      vertx.close().await();
    }
  }

  private Result result() {
    return new Result(
        requests.get(), events.get(), failures.get(), Optional.ofNullable(firstFailure.get()));
  }

  /** A request, its body (null: none) and the events it carries. */
  private record Call(RequestOptions options, Buffer body) {}

  private Future<Void> lane(Supplier<Call> next, int eventsEach, long deadline) {
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> send(next, eventsEach, deadline, done));
    return done.future();
  }

  /** The next request goes out from the last one's callback, so the stack does not grow. */
  private void send(Supplier<Call> next, int eventsEach, long deadline, Promise<Void> done) {
    if (System.nanoTime() >= deadline) {
      done.complete();
      return;
    }
    Call call = next.get();
    client
        .request(call.options())
        .compose(req -> call.body() == null ? req.send() : req.send(call.body()))
        .compose(resp -> resp.end().map(resp.statusCode()))
        .onComplete(
            ar -> {
              if (ar.succeeded() && ar.result() / 100 == 2) {
                requests.incrementAndGet();
                events.addAndGet(eventsEach);
              } else {
                failures.incrementAndGet();
                firstFailure.compareAndSet(
                    null,
                    call.options().getURI()
                        + ": "
                        + (ar.failed() ? ar.cause().toString() : "status " + ar.result()));
              }
              if (eventsEach == 0) {
                vertx.setTimer(REPORT_EVERY_MS, id -> send(next, eventsEach, deadline, done));
              } else {
                send(next, eventsEach, deadline, done);
              }
            });
  }

  private Call assign() {
    String body =
        "{\"unitId\":\"warmup-" + units.incrementAndGet() + "\",\"moments\":[\"" + moment + "\"]}";
    return new Call(post("/api/v1/assign"), Buffer.buffer(body));
  }

  private Call batch() {
    String now = Instant.now().toString();
    StringBuilder b = new StringBuilder(24_000).append("{\"events\":[");
    for (int i = 0; i < BATCH / 2; i++) {
      String unit = "warmup-" + units.incrementAndGet();
      b.append(i > 0 ? "," : "")
          .append("{\"id\":\"x-")
          .append(unit)
          .append("\",\"type\":\"exposure\",\"unitId\":\"")
          .append(unit)
          .append("\",\"experiment\":\"")
          .append(experiment)
          .append("\",\"variant\":\"control")
          .append("\",\"timestamp\":\"")
          .append(now)
          .append("\"},{\"id\":\"c-")
          .append(unit)
          .append("\",\"type\":\"conversion\",\"unitId\":\"")
          .append(unit)
          .append("\",\"metric\":\"signup\",\"timestamp\":\"")
          .append(now)
          .append("\"}");
    }
    return new Call(post("/api/v1/events"), Buffer.buffer(b.append("]}").toString()));
  }

  private Call report() {
    return new Call(
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setURI("/api/v1/experiments/" + experiment + "/report")
            .setTimeout(30_000)
            .putHeader("Authorization", auth),
        null);
  }

  private RequestOptions post(String path) {
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setURI(path)
        .setTimeout(30_000)
        .putHeader("Authorization", auth)
        .putHeader("Content-Type", "application/json");
  }
}
