package dev.moments.server.bench;

/**
 * Request latencies in 1 µs buckets up to 1 s (beyond that, one overflow bucket that keeps its
 * sum), so percentiles are exact to the microsecond and the total time spent waiting is known for a
 * Little's-law check. Single-threaded: each load thread fills its own and they are merged at the
 * end.
 */
final class LatencyHistogram {
  private static final int MAX_MICROS = 1_000_000;
  private final long[] counts = new long[MAX_MICROS + 1];
  private long count;
  private long sumMicros;
  private long maxMicros;

  void record(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    counts[(int) Math.min(micros, MAX_MICROS)]++;
    count++;
    sumMicros += micros;
    maxMicros = Math.max(maxMicros, micros);
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i <= MAX_MICROS; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    sumMicros += other.sumMicros;
    maxMicros = Math.max(maxMicros, other.maxMicros);
  }

  long count() {
    return count;
  }

  /**
   * Seconds of waiting summed over all requests: at most connections × duration in a closed loop.
   */
  double totalSeconds() {
    return sumMicros / 1e6;
  }

  double meanMillis() {
    return count == 0 ? 0 : sumMicros / 1e3 / count;
  }

  double maxMillis() {
    return maxMicros / 1e3;
  }

  /**
   * The smallest latency that at least {@code percent} % of requests did not exceed, in
   * milliseconds.
   */
  double percentileMillis(double percent) {
    // less a hair, so that 99.9 % of 1,000 is rank 999 although 99.9 has no exact binary form
    long rank = (long) Math.ceil(percent / 100 * count - 1e-9);
    long seen = 0;
    for (int i = 0; i <= MAX_MICROS; i++) {
      seen += counts[i];
      if (seen >= rank && seen > 0) {
        return i == MAX_MICROS ? maxMillis() : i / 1e3;
      }
    }
    return maxMillis();
  }
}
