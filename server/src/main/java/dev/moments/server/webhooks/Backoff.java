package dev.moments.server.webhooks;

import java.time.Duration;

/**
 * When to retry a failed delivery: {@code base} after the first failure, twice that after the
 * second, and so on up to {@code cap}, each wait shortened by a random share of up to half so that
 * deliveries that failed together (a receiver that was down) do not all come back at once.
 */
record Backoff(Duration base, Duration cap) {

  /**
   * @param failedAttempts attempts made so far, at least 1
   * @param random uniform in [0, 1)
   */
  Duration delay(int failedAttempts, double random) {
    int doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
    long full = Math.min(cap.toMillis(), base.toMillis() << doublings);
    if (full <= 0) {
      full = cap.toMillis();
    }
    return Duration.ofMillis(Math.round(full * (1 - random / 2)));
  }
}
