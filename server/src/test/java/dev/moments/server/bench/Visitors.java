package dev.moments.server.bench;

/**
 * The realistic /assign mix of issue 19 item 1: every visitor makes {@code perUnit} requests, the
 * first with a new unit id and the rest repeats. A visitor's requests are {@link #WINDOW} requests
 * apart (as page views of one visitor are spread between other visitors'), so a repeat normally
 * comes after its first request was answered. The same formula is in {@code
 * server/bench/assign.lua}.
 */
final class Visitors {
  /** Visitors interleaved at a time. */
  static final long WINDOW = 1000;

  private Visitors() {}

  /** The unit number of request {@code n} (0-based). */
  static long unit(long n, int perUnit) {
    if (perUnit <= 1) {
      return n;
    }
    return (n / (perUnit * WINDOW)) * WINDOW + n % WINDOW;
  }
}
