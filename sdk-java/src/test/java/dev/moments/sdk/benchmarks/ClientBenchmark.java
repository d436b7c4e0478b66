package dev.moments.sdk.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.moments.sdk.Assigner;
import dev.moments.sdk.Assignment;
import dev.moments.sdk.AssignmentConfig;
import dev.moments.sdk.MomentsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The client's hot path through its public API: assign with 20 running experiments on 10 moments
 * (two experiments side by side per moment, half of them targeted), and track (enqueue only; a
 * local sink answers the background sends with 202). Targets: assign <= 200 ns on one thread, the
 * same per call on two threads (linear scaling); track <= 300 ns, also from each of 4 threads.
 * Command and figures: sdk-java/README.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ClientBenchmark {
  static final int MOMENTS = 10;
  static final int UNITS = 1024;
  private static final String[] MOMENT_KEYS = new String[MOMENTS];

  static {
    for (int m = 0; m < MOMENTS; m++) {
      MOMENT_KEYS[m] = "moment-" + m;
    }
  }

  private HttpServer sink;
  private MomentsClient client;
  private AssignmentConfig core;

  /**
   * Each thread walks its own random units (UUID text, like real visitor ids) over every moment.
   */
  @State(Scope.Thread)
  public static class Cursor {
    final String[] units = new String[UNITS];
    final Map<String, String> attributes = Map.of("device", "mobile", "country", "DE");
    int next;

    @Setup
    public void setUp() {
      Random random = new Random(Thread.currentThread().getId());
      for (int i = 0; i < UNITS; i++) {
        units[i] = new UUID(random.nextLong(), random.nextLong()).toString();
      }
    }
  }

  @Setup
  public void setUp() throws IOException {
    sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sink.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          byte[] reply =
              "{\"accepted\":0,\"duplicates\":0,\"rejected\":[]}".getBytes(StandardCharsets.UTF_8);
          boolean config = exchange.getRequestURI().getPath().endsWith("/sdk/config");
          exchange.sendResponseHeaders(config ? 304 : 202, config ? -1 : reply.length);
          if (!config) {
            exchange.getResponseBody().write(reply);
          }
          exchange.close();
        });
    sink.start();
    client =
        MomentsClient.builder("http://127.0.0.1:" + sink.getAddress().getPort(), "bench-key")
            .configSnapshot(config())
            .onError(error -> {})
            .build();
    core = AssignmentConfig.fromJson(config());
  }

  @TearDown
  public void tearDown() {
    client.close();
    sink.stop(0);
  }

  /**
   * 20 running experiments: per moment one on buckets [0, 4000) targeted at mobile, one on [4000,
   * 9000).
   */
  static String config() {
    StringBuilder json = new StringBuilder("{\"version\":\"bench\",\"experiments\":[");
    for (int m = 0; m < MOMENTS; m++) {
      json.append(m == 0 ? "" : ",")
          .append(
              experiment(
                  "exp-" + m + "-a",
                  MOMENT_KEYS[m],
                  0,
                  4000,
                  "{\"all\":[{\"attribute\":\"device\",\"op\":\"in\",\"values\":[\"mobile\",\"tablet\"]}]}"))
          .append(',')
          .append(experiment("exp-" + m + "-b", MOMENT_KEYS[m], 4000, 9000, "null"));
    }
    return json.append("]}").toString();
  }

  private static String experiment(String key, String moment, int from, int to, String targeting) {
    return "{\"key\":\""
        + key
        + "\",\"moment\":\""
        + moment
        + "\",\"salt\":\""
        + key
        + "-salt\",\"status\":\"running\","
        + "\"trafficPercent\":"
        + (to - from) / 100
        + ",\"ranges\":[["
        + from
        + ","
        + to
        + "]],\"targeting\":"
        + targeting
        + ",\"variants\":[{\"key\":\"control\",\"weight\":50,\"payload\":{\"layout\":\"classic\"}},"
        + "{\"key\":\"bold\",\"weight\":50,\"payload\":{\"layout\":\"bold\"}}]}";
  }

  private Assignment assignNext(Cursor cursor) {
    int i = cursor.next++;
    return client.assign(
        MOMENT_KEYS[i % MOMENTS], cursor.units[(i / MOMENTS) & (UNITS - 1)], cursor.attributes);
  }

  /** The core alone (no exposure bookkeeping), for comparison. */
  @Benchmark
  @Threads(1)
  public Assignment coreAssignOneThread(Cursor cursor) {
    int i = cursor.next++;
    return Assigner.assign(
        core,
        MOMENT_KEYS[i % MOMENTS],
        cursor.units[(i / MOMENTS) & (UNITS - 1)],
        cursor.attributes);
  }

  @Benchmark
  @Threads(1)
  public Assignment assignOneThread(Cursor cursor) {
    return assignNext(cursor);
  }

  @Benchmark
  @Threads(2)
  public Assignment assignTwoThreads(Cursor cursor) {
    return assignNext(cursor);
  }

  @Benchmark
  @Threads(1)
  public void trackOneThread(Cursor cursor) {
    client.track(cursor.units[cursor.next++ & (UNITS - 1)], "signup");
  }

  @Benchmark
  @Threads(2)
  public void trackTwoThreads(Cursor cursor) {
    client.track(cursor.units[cursor.next++ & (UNITS - 1)], "signup");
  }

  /** Target: each of 4 producer threads under 300 ns/op. */
  @Benchmark
  @Threads(4)
  public void trackFourThreads(Cursor cursor) {
    client.track(cursor.units[cursor.next++ & (UNITS - 1)], "signup");
  }
}
