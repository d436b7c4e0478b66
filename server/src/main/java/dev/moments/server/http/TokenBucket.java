package dev.moments.server.http;

/**
 * A token bucket: holds up to {@code capacity} tokens and gains {@code rate} per second. Rate and
 * capacity are passed on each take, so a new quota applies to an existing bucket at once. Time is
 * given in nanoseconds (as {@code System.nanoTime}); a new bucket starts full.
 */
final class TokenBucket {
  private static final double NANOS = 1e9;
  private double tokens = Double.NaN;
  private long updated;

  /**
   * Takes {@code n} tokens if the bucket holds them.
   *
   * @return 0 when taken; otherwise the nanoseconds until it will hold {@code n} (nothing taken)
   */
  synchronized long take(double n, double rate, double capacity, long now) {
    refill(rate, capacity, now);
    if (tokens >= n) {
      tokens -= n;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((Math.min(n, capacity) - tokens) / rate * NANOS));
  }

  /** 0 when the bucket holds a token at {@code now}; otherwise the nanoseconds until it will. */
  synchronized long waitForOne(double rate, double capacity, long now) {
    refill(rate, capacity, now);
    return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / rate * NANOS));
  }

  private void refill(double rate, double capacity, long now) {
    if (Double.isNaN(tokens)) {
      tokens = capacity;
    } else if (now > updated) {
      tokens = Math.min(capacity, tokens + (now - updated) / NANOS * rate);
    } else {
      tokens = Math.min(tokens, capacity);
    }
    updated = Math.max(updated, now);
  }
}
