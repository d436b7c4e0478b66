package dev.moments.server.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Report lag under a sustained, paced load (issue 19.3): {@code rate} events per second for {@code
 * seconds}, a share through {@code POST /assign} (one exposure each, a new unit) and the rest
 * through {@code POST /events} in batches of 100. It records when each request was acknowledged and
 * polls the report's {@code dataAsOf} ("every event stored before this time is in the report")
 * every {@code pollMs}; an event's lag is the time from its acknowledgement to the arrival of the
 * first poll whose {@code dataAsOf} is after it ({@link LagLedger}). Prints the events offered
 * (what the pace asked for) against those acknowledged, the lag distribution over events, the
 * report's own latency and the watermark's age apart, the client's CPU per event and the load
 * average.
 *
 * <p>With {@code warmup} seconds, the same load runs that long first and its events' lag is printed
 * apart, not in the figures: a server in production has a warm JVM, and a cold one compiles the
 * fold's and the requests' code while the load runs (issue 19.3: in the first 20-40 s of a run at
 * 15,000 events/s the fold of 20,000 events took 3 s instead of 1 s and fell behind). The load does
 * not pause between the two: what the warm-up leaves waiting is folded within the measured window
 * and counts there.
 *
 * <p>One Vert.x event loop sends, paces and polls (the JDK's HttpClient with four threads took a
 * core's share of this 2-core machine from the server it measures). At most {@code MAX_IN_FLIGHT}
 * requests are open; what the pace owes beyond that waits and is sent as answers come back, so
 * offered and acknowledged differ when the server cannot keep up.
 *
 * <pre>
 * java -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.LagBench \
 *   url=http://127.0.0.1:8080 key=$KEY experiment=hero-demo moment=fmot.landing-hero rate=15000 seconds=120
 * </pre>
 */
public final class LagBench {
  private static final int MAX_IN_FLIGHT = 128;
  private static final long TICK_MS = 10;
  private static final String AS_OF = "\"dataAsOf\":\"";

  private final Vertx vertx;
  private final HttpClientAgent client;
  private final RequestOptions assign;
  private final RequestOptions events;
  private final RequestOptions report;
  private final LagBodies bodies;

  /** The events acknowledged after the warm-up, and the polls sent after it. */
  private final LagLedger ledger = new LagLedger();

  /** The events acknowledged during the warm-up, and every poll. */
  private final LagLedger warmup = new LagLedger();

  /** Every event and poll, for the series. */
  private final LagLedger all = new LagLedger();

  private long measuredFrom;
  private double due;
  private long sentEvents;
  private long failed;
  private int inFlight;
  private boolean stopped;
  private double owedAssigns;
  private double owedBatches;

  private LagBench(Vertx vertx, URI url, String key, String experiment, LagBodies bodies) {
    this.vertx = vertx;
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(url.getHost())
                .setDefaultPort(url.getPort())
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(MAX_IN_FLIGHT + 1));
    String auth = "Bearer " + key;
    this.assign = post("/api/v1/assign", auth);
    this.events = post("/api/v1/events", auth);
    this.report =
        new RequestOptions()
            .setMethod(HttpMethod.GET)
            .setURI("/api/v1/experiments/" + experiment + "/report")
            .putHeader("Authorization", auth);
    this.bodies = bodies;
  }

  private static RequestOptions post(String path, String auth) {
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setURI(path)
        .setTimeout(30_000)
        .putHeader("Authorization", auth)
        .putHeader("Content-Type", "application/json");
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Args.parse(args);
    URI url = URI.create(opts.getOrDefault("url", "http://127.0.0.1:8080"));
    String key = opts.getOrDefault("key", System.getenv("MOMENTS_ADMIN_KEY"));
    String experiment = opts.getOrDefault("experiment", "hero-demo");
    String moment = opts.getOrDefault("moment", "fmot.landing-hero");
    int rate = Integer.parseInt(opts.getOrDefault("rate", "15000"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "120"));
    int warmupSeconds = Integer.parseInt(opts.getOrDefault("warmup", "0"));
    double assignShare = Double.parseDouble(opts.getOrDefault("assignShare", "0.2"));
    long pollMs = Long.parseLong(opts.getOrDefault("pollMs", "100"));
    String run = Long.toString(System.currentTimeMillis(), 36);

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    LagBench bench =
        new LagBench(vertx, url, key, experiment, new LagBodies(run, experiment, moment));
    String loadBefore = loadAverage();
    long cpuBefore = processCpuNanos();
    CountDownLatch done = new CountDownLatch(1);
    vertx.runOnContext(v -> bench.start(rate, assignShare, warmupSeconds, seconds, pollMs, done));
    done.await();
    long cpu = processCpuNanos() - cpuBefore;
    LagReport.printWarmup(bench.warmup, warmupSeconds);
    LagReport.print(
        bench.ledger,
        bench.all,
        rate,
        seconds,
        bench.sentEvents,
        bench.failed,
        cpu,
        loadBefore,
        loadAverage());
    if (Boolean.parseBoolean(opts.getOrDefault("series", "false"))) {
      bench.all.series().forEach(line -> System.out.println("series " + line));
    }
    vertx.close().await(10, TimeUnit.SECONDS);
    System.exit(0);
  }

  /** Paces the load on the event loop until the end, then polls until the last ack is folded. */
  private void start(
      int rate,
      double assignShare,
      int warmupSeconds,
      int seconds,
      long pollMs,
      CountDownLatch done) {
    long start = System.currentTimeMillis();
    measuredFrom = start + warmupSeconds * 1000L;
    long end = measuredFrom + seconds * 1000L;
    long pacer =
        vertx.setPeriodic(
            TICK_MS,
            id -> {
              // what the pace asks for by now, whenever the tick runs (a late tick owes more)
              double dueNow = rate * (Math.min(System.currentTimeMillis(), end) - start) / 1000.0;
              owedAssigns += (dueNow - due) * assignShare;
              owedBatches += (dueNow - due) * (1 - assignShare) / LagBodies.BATCH;
              due = dueNow;
              sendOwed();
            });
    poll(end, pollMs, pacer, done);
  }

  private void sendOwed() {
    while (!stopped && inFlight < MAX_IN_FLIGHT && (owedAssigns >= 1 || owedBatches >= 1)) {
      if (owedBatches >= 1 && (owedAssigns < 1 || owedBatches * LagBodies.BATCH > owedAssigns)) {
        owedBatches--;
        send(events, bodies.batch(), LagBodies.BATCH);
      } else {
        owedAssigns--;
        send(assign, bodies.assign(), 1);
      }
    }
  }

  private void send(RequestOptions options, Buffer body, int count) {
    inFlight++;
    if (System.currentTimeMillis() >= measuredFrom) {
      sentEvents += count;
    }
    client
        .request(options)
        .compose(req -> req.send(body))
        .compose(resp -> resp.end().map(resp.statusCode()))
        .onComplete(
            ar -> {
              inFlight--;
              if (stopped) {
                return; // given up: the main thread reads the ledger now
              }
              if (ar.succeeded() && ar.result() / 100 == 2) {
                long at = System.currentTimeMillis();
                (at < measuredFrom ? warmup : ledger).ack(at, count);
                all.ack(at, count);
              } else if (failed++ == 0) {
                System.err.println(
                    "first failure: " + (ar.failed() ? ar.cause() : "status " + ar.result()));
              }
              sendOwed();
            });
  }

  /**
   * Polls the report every {@code pollMs} (the next is sent when the answer is in); after the
   * load's end and the last answer, until a {@code dataAsOf} passes the last acknowledgement, or 2
   * minutes.
   */
  private void poll(long end, long pollMs, long pacer, CountDownLatch done) {
    long sent = System.currentTimeMillis();
    boolean loadDone =
        sent >= end && inFlight == 0 && owedAssigns < 1 && owedBatches < 1 || sent >= end + 120_000;
    if (loadDone) {
      vertx.cancelTimer(pacer);
      if (ledger.lastAsOfMs() > ledger.lastAckMs() || sent >= end + 120_000) {
        stopped = true;
        done.countDown();
        return;
      }
    }
    client
        .request(report)
        .compose(req -> req.send())
        .compose(resp -> resp.body())
        .onComplete(
            ar -> {
              long at = System.currentTimeMillis();
              String body = ar.succeeded() ? ar.result().toString() : "";
              int i = body.indexOf(AS_OF);
              if (i >= 0) {
                int from = i + AS_OF.length();
                long asOf =
                    Instant.parse(body.substring(from, body.indexOf('"', from))).toEpochMilli();
                if (sent >= measuredFrom) {
                  ledger.poll(sent, at, asOf);
                }
                warmup.poll(sent, at, asOf);
                all.poll(sent, at, asOf);
              } else if (all.polls() == 0) {
                System.err.println("report without dataAsOf: " + (ar.failed() ? ar.cause() : body));
              }
              vertx.setTimer(
                  Math.max(1, pollMs - (at - sent)), id -> poll(end, pollMs, pacer, done));
            });
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
