package dev.moments.server.http;

import io.vertx.core.buffer.Buffer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * CPU time of the benchmark thread per /assign body parse, the general parse ({@link
 * AssignRequest#parseTree}) and the one-pass read ({@link AssignRequest#parse}) alternating, on the
 * body assign.lua sends; thread CPU time, so that a shared machine's load says less: {@code java
 * -cp server/target/moments-server.jar:server/target/test-classes
 * dev.moments.server.http.AssignParseBenchmark [seconds per round, 5] [rounds, 4]}.
 */
public final class AssignParseBenchmark {
  private AssignParseBenchmark() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Buffer[] bodies = new Buffer[1024];
    for (int i = 0; i < bodies.length; i++) {
      bodies[i] =
          Buffer.buffer(
              ("{\"unitId\":\"bench-1a2b3c4d-"
                      + i
                      + "\",\"moments\":[\"fmot.landing-hero\"],"
                      + "\"attributes\":{\"device\":\"mobile\",\"channel\":\"search\"}}")
                  .getBytes(StandardCharsets.UTF_8));
    }
    for (int round = 0; round <= rounds; round++) {
      double tree = nanosPerParse(AssignRequest::parseTree, bodies, seconds);
      double plain = nanosPerParse(AssignRequest::parse, bodies, seconds);
      System.out.printf(
          "%s general %.0f ns, one pass %.0f ns per body%n",
          round == 0 ? "warm-up" : "round " + round, tree, plain);
    }
  }

  private static double nanosPerParse(
      Function<Buffer, AssignRequest> parse, Buffer[] bodies, int seconds) {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    long start = cpu.getCurrentThreadCpuTime();
    long n = 0;
    int sink = 0;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 256; i++) {
        sink += parse.apply(bodies[(int) (n++ & 1023)]).unitId().length();
      }
    }
    long used = cpu.getCurrentThreadCpuTime() - start;
    if (sink == 42) {
      System.out.print("");
    }
    return (double) used / n;
  }
}
