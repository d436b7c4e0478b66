package dev.moments.server.bench;

/** What {@link LagBench} prints at the end: the warm-up's line apart, then the measured window. */
final class LagReport {
  private LagReport() {}

  static void printWarmup(LagLedger warmup, int warmupSeconds) {
    if (warmupSeconds == 0) {
      return;
    }
    long[] lags = warmup.sortedLags();
    System.out.printf(
        "warm-up %d s, not in the figures below: acknowledged %d, report lag p50 %.2f s, p99 %.2f"
            + " s, max %.2f s%n",
        warmupSeconds,
        warmup.events(),
        LagLedger.seconds(lags, 0.50),
        LagLedger.seconds(lags, 0.99),
        LagLedger.seconds(lags, 1));
  }

  /**
   * @param ledger the measured window's events and polls
   * @param all every event, the warm-up's too (the client's CPU is over all of them)
   */
  static void print(
      LagLedger ledger,
      LagLedger all,
      int rate,
      int seconds,
      long sentEvents,
      long failed,
      long cpuNanos,
      String loadBefore,
      String loadAfter) {
    long[] lags = ledger.sortedLags();
    long acked = ledger.events();
    System.out.printf(
        "events offered %.0f (%d/s over %d s), sent %d, acknowledged %d (%.0f/s), requests failed"
            + " %d, events never seen folded %d%n",
        rate * (double) seconds,
        rate,
        seconds,
        sentEvents,
        acked,
        acked / (double) seconds,
        failed,
        acked - lags.length);
    System.out.printf(
        "report lag (acknowledgement to dataAsOf past it, %d polls): p50 %.2f s, p90 %.2f s,"
            + " p99 %.2f s, p99.9 %.2f s, max %.2f s%n",
        ledger.polls(),
        LagLedger.seconds(lags, 0.50),
        LagLedger.seconds(lags, 0.90),
        LagLedger.seconds(lags, 0.99),
        LagLedger.seconds(lags, 0.999),
        LagLedger.seconds(lags, 1));
    print("report latency (poll sent to answer)", ledger.sortedPollMs());
    print("watermark age at each poll (sent - dataAsOf)", ledger.sortedWatermarkAgeMs());
    System.out.printf(
        "client CPU %.1f s, %.1f us per acknowledged event%n",
        cpuNanos / 1e9, all.events() == 0 ? 0 : cpuNanos / 1e3 / all.events());
    System.out.println("load average before: " + loadBefore + "; after: " + loadAfter);
  }

  private static void print(String what, long[] sorted) {
    System.out.printf(
        "%s: p50 %.2f s, p90 %.2f s, p99 %.2f s, max %.2f s%n",
        what,
        LagLedger.seconds(sorted, 0.50),
        LagLedger.seconds(sorted, 0.90),
        LagLedger.seconds(sorted, 0.99),
        LagLedger.seconds(sorted, 1));
  }
}
