package dev.moments.sdk;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of min(max, initial
 * * 2^n), so clients that failed together do not retry together, yet every wait still grows.
 */
final class Backoff {
  private final long initialNanos;
  private final long maxNanos;

  Backoff(long initialNanos, long maxNanos) {
    this.initialNanos = initialNanos;
    this.maxNanos = maxNanos;
  }

  long delayNanos(int attempt) {
    long ceiling =
        attempt >= 62 || initialNanos > (maxNanos >> Math.min(attempt, 62))
            ? maxNanos
            : Math.min(maxNanos, initialNanos << attempt);
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
