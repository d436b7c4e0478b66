package dev.moments.server.events;

import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.LinkSignatures;
import dev.moments.server.events.EventBatchParser.ParsedBatch;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The event loop's own work per event of {@code POST /events}, without HTTP and the database: a
 * batch of 100 events as the SDKs send it (events.lua's shape: 4 in 5 exposures with a device
 * attribute, 1 in 5 conversions with a value, each with an ISO-8601 timestamp) parsed into typed
 * events, admitted, and turned into the statement's 12 parameter arrays. Time per event; run with
 * {@code mvn -B -pl server -am test -Pjmh -DskipTests -Dsdk-js.skip=true
 * -Djmh.args=IngestBenchmark}. On a shared machine, where wall time per operation means little,
 * {@link #main} prints the CPU time of the benchmark thread per event instead ({@code java -cp
 * server/target/moments-server.jar:server/target/test-classes
 * dev.moments.server.events.IngestBenchmark [seconds, 20]}). The whole request (HTTP, routing, the
 * answer, the pool) is server/bench/events-cpu.sh's figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IngestBenchmark {
  static final int BATCH = 100;
  private static final Instant NOW = Instant.parse("2026-11-30T01:00:00Z");

  private Buffer body;
  private Admission admission;

  @Setup
  public void setUp() {
    body = Buffer.buffer(body(BATCH).getBytes(StandardCharsets.UTF_8));
    admission =
        new Admission(
            new LinkSignatures(
                "bench-link-secret-0123456789abcdef-0123".getBytes(StandardCharsets.UTF_8)),
            BotFilter.shipped());
  }

  /** CPU time per event of {@link #parse} and of {@link #parseAndColumns}, after a warm-up. */
  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    IngestBenchmark bench = new IngestBenchmark();
    bench.setUp();
    Blackhole bh =
        new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is"
                + " dangerous.");
    Runnable parse = () -> bh.consume(bench.parse());
    Runnable all = () -> bench.parseAndColumns(bh);
    cpuPerEvent(parse, seconds);
    cpuPerEvent(all, seconds);
    System.out.printf(
        "parse %.0f ns/event, parse + admit + columns %.0f ns/event (CPU time, %d s each)%n",
        cpuPerEvent(parse, seconds), cpuPerEvent(all, seconds), seconds);
  }

  private static double cpuPerEvent(Runnable batch, int seconds) {
    java.lang.management.ThreadMXBean cpu =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long start = cpu.getCurrentThreadCpuTime();
    long end = start + seconds * 1_000_000_000L;
    long batches = 0;
    long now = start;
    while (now < end) {
      for (int i = 0; i < 100; i++) {
        batch.run();
      }
      batches += 100;
      now = cpu.getCurrentThreadCpuTime();
    }
    return (now - start) / (double) (batches * BATCH);
  }

  /** A batch like server/bench/events.lua sends. */
  static String body(int events) {
    String[] variants = {"control", "bold", "calm"};
    String[] devices = {"mobile", "desktop", "tablet"};
    StringBuilder s = new StringBuilder("{\"events\":[");
    for (int i = 0; i < events; i++) {
      int unit = (i * 7919) % 200_000;
      s.append(i == 0 ? "" : ",")
          .append("{\"id\":\"3f2a9c01-")
          .append(i)
          .append("\",\"unitId\":\"u")
          .append(unit);
      if (i % 5 == 4) {
        s.append("\",\"type\":\"conversion\",\"metric\":\"signup\",\"value\":")
            .append(i % 50)
            .append(".5");
      } else {
        s.append("\",\"type\":\"exposure\",\"experiment\":\"bench-exp\",\"variant\":\"")
            .append(variants[unit % 3])
            .append("\",\"attributes\":{\"device\":\"")
            .append(devices[unit / 3 % 3])
            .append("\"}");
      }
      s.append(",\"timestamp\":\"2026-11-30T00:59:58.").append(100 + i % 900).append("Z\"}");
    }
    return s.append("]}").toString();
  }

  /** Body to typed events and rejections. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public ParsedBatch parse() {
    return new EventBatchParser(NOW, false, false).parse(body);
  }

  /** What the handler does before the write: parse, then admit under the server key. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void parseAndColumns(Blackhole bh) {
    ParsedBatch batch = new EventBatchParser(NOW, false, false).parse(body);
    List<Event> admitted = admission.admit(batch.events(), KeyKind.SERVER, null, NOW);
    Map<String, Event> unique = new TreeMap<>();
    for (Event e : admitted) {
      unique.putIfAbsent(e.id(), e);
    }
    bh.consume(EventColumns.of(unique.values()));
  }
}
