package dev.moments.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Report lag under a sustained, paced load (issue 19.3): {@code rate} events per second for {@code
 * seconds}, a share through {@code POST /assign} (one exposure each, a new unit) and the rest
 * through {@code POST /events} in batches of 100. It records when each request was acknowledged and
 * polls the report's {@code dataAsOf} ("every event stored before this time is in the report")
 * every {@code pollMs}; an event's lag is the time from its acknowledgement to the first poll whose
 * {@code dataAsOf} is after it. Prints the lag distribution over events and the load average.
 *
 * <pre>
 * java -cp server/target/moments-server.jar:server/target/test-classes dev.moments.server.bench.LagBench \
 *   url=http://127.0.0.1:8080 key=$KEY experiment=hero-demo moment=fmot.landing-hero rate=15000 seconds=120
 * </pre>
 */
public final class LagBench {
  private static final int MAX_IN_FLIGHT = 128;
  private static final java.util.concurrent.Semaphore SLOTS =
      new java.util.concurrent.Semaphore(MAX_IN_FLIGHT);
  private static final Pattern AS_OF = Pattern.compile("\"dataAsOf\":\"([^\"]+)\"");

  /** An acknowledged request: when (ms since the epoch) and how many events it carried. */
  private record Ack(long atMs, int events) {}

  /** A poll: when its answer arrived and the watermark it gave. */
  private record Poll(long atMs, long asOfMs) {}

  private LagBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Args.parse(args);
    String url = opts.getOrDefault("url", "http://127.0.0.1:8080");
    String key = opts.getOrDefault("key", System.getenv("MOMENTS_ADMIN_KEY"));
    String experiment = opts.getOrDefault("experiment", "hero-demo");
    String moment = opts.getOrDefault("moment", "fmot.landing-hero");
    int rate = Integer.parseInt(opts.getOrDefault("rate", "15000"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "120"));
    double assignShare = Double.parseDouble(opts.getOrDefault("assignShare", "0.2"));
    long pollMs = Long.parseLong(opts.getOrDefault("pollMs", "100"));
    String run = Long.toString(System.currentTimeMillis(), 36);

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(4))
            .build();
    ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    List<Poll> polls = new ArrayList<>();
    AtomicLong failed = new AtomicLong();
    AtomicLong inFlight = new AtomicLong();
    AtomicLong seq = new AtomicLong();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    // per 10 ms tick: the assigns and event batches due, carried over as fractions
    double assignsPerTick = rate * assignShare / 100.0;
    double batchesPerTick = rate * (1 - assignShare) / 100.0 / 100.0;
    double[] owed = new double[2];
    long loadStart = System.currentTimeMillis();
    String loadBefore = loadAverage();
    ticker.scheduleAtFixedRate(
        () -> {
          owed[0] += assignsPerTick;
          owed[1] += batchesPerTick;
          for (; owed[0] >= 1; owed[0]--) {
            long n = seq.incrementAndGet();
            String body =
                "{\"unitId\":\"lag-" + run + "-" + n + "\",\"moments\":[\"" + moment + "\"]}";
            send(client, url + "/api/v1/assign", key, body, 1, acks, failed, inFlight);
          }
          for (; owed[1] >= 1; owed[1]--) {
            long n = seq.incrementAndGet();
            send(
                client,
                url + "/api/v1/events",
                key,
                batch(run, n, experiment),
                100,
                acks,
                failed,
                inFlight);
          }
        },
        0,
        10,
        TimeUnit.MILLISECONDS);
    long end = loadStart + seconds * 1000L;
    HttpRequest report =
        HttpRequest.newBuilder(URI.create(url + "/api/v1/experiments/" + experiment + "/report"))
            .header("Authorization", "Bearer " + key)
            .build();
    long lastAck = Long.MAX_VALUE;
    long giveUp = end + 120_000;
    while (System.currentTimeMillis() < giveUp) {
      long sent = System.currentTimeMillis();
      if (sent >= end && lastAck == Long.MAX_VALUE) {
        ticker.shutdown();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        while (inFlight.get() > 0 && System.currentTimeMillis() < giveUp) {
          Thread.sleep(10);
        }
        lastAck = acks.stream().mapToLong(Ack::atMs).max().orElse(0);
      }
      HttpResponse<String> r = client.send(report, HttpResponse.BodyHandlers.ofString());
      Matcher m = AS_OF.matcher(r.body());
      boolean found = m.find();
      if (polls.isEmpty() && !found) {
        System.err.println("report without dataAsOf: " + r.statusCode() + " " + r.body());
      }
      if (found) {
        Poll p = new Poll(System.currentTimeMillis(), Instant.parse(m.group(1)).toEpochMilli());
        polls.add(p);
        if (p.asOfMs() > lastAck) {
          break;
        }
      }
      Thread.sleep(Math.max(0, pollMs - (System.currentTimeMillis() - sent)));
    }
    String loadAfter = loadAverage();
    print(acks, polls, failed.get(), seconds, loadBefore, loadAfter);
    System.exit(0);
  }

  private static void send(
      HttpClient client,
      String url,
      String key,
      String body,
      int events,
      ConcurrentLinkedQueue<Ack> acks,
      AtomicLong failed,
      AtomicLong inFlight) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    // at most MAX_IN_FLIGHT requests open: beyond, the pacer waits (the printed rate says so)
    inFlight.incrementAndGet();
    SLOTS.acquireUninterruptibly();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (r, e) -> {
              if (e == null && r.statusCode() / 100 == 2) {
                acks.add(new Ack(System.currentTimeMillis(), events));
              } else if (failed.getAndIncrement() == 0) {
                System.err.println(
                    "first failure: " + (e != null ? e : "status " + r.statusCode()));
              }
              inFlight.decrementAndGet();
              SLOTS.release();
            });
  }

  /** 50 exposures of new units and a conversion of each. */
  private static String batch(String run, long n, String experiment) {
    StringBuilder b = new StringBuilder("{\"events\":[");
    String now = Instant.now().toString();
    for (int i = 0; i < 50; i++) {
      String unit = "lag-" + run + "-e" + n + "-" + i;
      if (i > 0) {
        b.append(',');
      }
      b.append("{\"id\":\"x-")
          .append(unit)
          .append("\",\"type\":\"exposure\",\"unitId\":\"")
          .append(unit)
          .append("\",\"experiment\":\"")
          .append(experiment)
          .append("\",\"variant\":\"control\",\"timestamp\":\"")
          .append(now)
          .append("\"},{\"id\":\"c-")
          .append(unit)
          .append("\",\"type\":\"conversion\",\"unitId\":\"")
          .append(unit)
          .append("\",\"metric\":\"signup\",\"timestamp\":\"")
          .append(now)
          .append("\"}");
    }
    return b.append("]}").toString();
  }

  private static void print(
      ConcurrentLinkedQueue<Ack> acks,
      List<Poll> polls,
      long failed,
      int seconds,
      String loadBefore,
      String loadAfter) {
    long[] lags = new long[acks.stream().mapToInt(Ack::events).sum()];
    int i = 0;
    int unseen = 0;
    for (Ack a : acks) {
      long lag = -1;
      for (Poll p : polls) {
        if (p.asOfMs() > a.atMs()) {
          lag = p.atMs() - a.atMs();
          break;
        }
      }
      if (lag < 0) {
        unseen += a.events();
        continue;
      }
      for (int k = 0; k < a.events(); k++) {
        lags[i++] = lag;
      }
    }
    long[] seen = Arrays.copyOf(lags, i);
    Arrays.sort(seen);
    System.out.printf(
        "events acknowledged %d (%.0f/s over %d s), requests failed %d, events never seen folded %d%n",
        seen.length + unseen, (seen.length + unseen) / (double) seconds, seconds, failed, unseen);
    System.out.printf(
        "report lag (acknowledgement to dataAsOf past it, %d polls): p50 %.2f s, p90 %.2f s,"
            + " p99 %.2f s, p99.9 %.2f s, max %.2f s%n",
        polls.size(),
        pct(seen, 0.50),
        pct(seen, 0.90),
        pct(seen, 0.99),
        pct(seen, 0.999),
        seen.length == 0 ? 0 : seen[seen.length - 1] / 1000.0);
    System.out.println("load average before: " + loadBefore + "; after: " + loadAfter);
  }

  private static double pct(long[] sorted, double q) {
    return sorted.length == 0
        ? 0
        : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1000.0;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }
}
