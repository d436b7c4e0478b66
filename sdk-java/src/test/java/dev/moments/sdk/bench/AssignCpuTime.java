package dev.moments.sdk.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * A cross-check of {@link AssignBenchmark} for a busy machine: JMH reports wall-clock time, which
 * counts the time this thread waits for a core; this counts only the thread's own CPU time. Same
 * setup and operation. Not a replacement for JMH (no fork control, no blackhole). Run after
 * test-compile: java -cp sdk-java/target/classes:sdk-java/target/test-classes
 * dev.moments.sdk.bench.AssignCpuTime
 */
public final class AssignCpuTime {
  private static final int OPS_PER_ROUND = 2_000_000;

  private AssignCpuTime() {}

  public static void main(String[] args) {
    AssignBenchmark benchmark = new AssignBenchmark();
    benchmark.setUp();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    double best = Double.MAX_VALUE;
    for (int round = 0; round < 15; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < OPS_PER_ROUND; i++) {
        sink += benchmark.assign().variant().length();
      }
      double nsPerOp = (threads.getCurrentThreadCpuTime() - start) / (double) OPS_PER_ROUND;
      best = round >= 5 ? Math.min(best, nsPerOp) : best; // the first 5 rounds are warm-up
      System.out.printf("round %2d: %.1f ns/op (CPU time)%n", round, nsPerOp);
    }
    System.out.printf("best after warm-up: %.1f ns/op CPU time (checksum %d)%n", best, sink);
  }
}
