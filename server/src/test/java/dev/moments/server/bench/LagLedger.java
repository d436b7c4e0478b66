package dev.moments.server.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What {@link LagBench} saw, in primitive arrays (one event-loop thread fills it, so no locks and
 * no object per request): each acknowledgement (when, how many events) and each report poll (when
 * it was sent, when its answer arrived, the {@code dataAsOf} it gave). An event's lag is the time
 * from its acknowledgement to the arrival of the first poll whose {@code dataAsOf} is after it.
 */
final class LagLedger {
  private long[] ackAt = new long[1 << 16];
  private int[] ackEvents = new int[1 << 16];
  private int acks;
  private long[] pollSent = new long[1 << 12];
  private long[] pollAt = new long[1 << 12];
  private long[] asOf = new long[1 << 12];
  private int polls;

  void ack(long atMs, int events) {
    if (acks == ackAt.length) {
      ackAt = Arrays.copyOf(ackAt, acks * 2);
      ackEvents = Arrays.copyOf(ackEvents, acks * 2);
    }
    ackAt[acks] = atMs;
    ackEvents[acks++] = events;
  }

  void poll(long sentMs, long atMs, long asOfMs) {
    if (polls == pollAt.length) {
      pollSent = Arrays.copyOf(pollSent, polls * 2);
      pollAt = Arrays.copyOf(pollAt, polls * 2);
      asOf = Arrays.copyOf(asOf, polls * 2);
    }
    pollSent[polls] = sentMs;
    pollAt[polls] = atMs;
    asOf[polls++] = asOfMs;
  }

  int polls() {
    return polls;
  }

  long lastAckMs() {
    long last = 0;
    for (int i = 0; i < acks; i++) {
      last = Math.max(last, ackAt[i]);
    }
    return last;
  }

  long lastAsOfMs() {
    return polls == 0 ? Long.MIN_VALUE : asOf[polls - 1];
  }

  long events() {
    long n = 0;
    for (int i = 0; i < acks; i++) {
      n += ackEvents[i];
    }
    return n;
  }

  /**
   * Each event's lag in milliseconds, sorted; events no poll saw folded are left out. Polls are in
   * order of arrival; the first whose {@code dataAsOf} is after an acknowledgement is the first
   * where the running maximum of {@code dataAsOf} passes it, found by binary search.
   */
  long[] sortedLags() {
    long[] runningMax = new long[polls];
    for (int i = 0; i < polls; i++) {
      runningMax[i] = Math.max(asOf[i], i == 0 ? Long.MIN_VALUE : runningMax[i - 1]);
    }
    long[] lags = new long[(int) events()];
    int n = 0;
    for (int a = 0; a < acks; a++) {
      int p = firstAbove(runningMax, ackAt[a]);
      if (p < polls) {
        Arrays.fill(lags, n, n + ackEvents[a], pollAt[p] - ackAt[a]);
        n += ackEvents[a];
      }
    }
    long[] seen = Arrays.copyOf(lags, n);
    Arrays.sort(seen);
    return seen;
  }

  /** Each poll's time from sending to its answer (the report's latency), sorted. */
  long[] sortedPollMs() {
    long[] ms = new long[polls];
    for (int i = 0; i < polls; i++) {
      ms[i] = pollAt[i] - pollSent[i];
    }
    Arrays.sort(ms);
    return ms;
  }

  /**
   * The watermark's age when each poll was sent ({@code sent - dataAsOf}): how far the fold
   * trailed, without the report's own latency; sorted.
   */
  long[] sortedWatermarkAgeMs() {
    long[] ms = new long[polls];
    for (int i = 0; i < polls; i++) {
      ms[i] = Math.max(0, pollSent[i] - asOf[i]);
    }
    Arrays.sort(ms);
    return ms;
  }

  /**
   * One line per second of the run, by when each poll was sent (UTC): polls, the largest watermark
   * age ({@code sent - dataAsOf}) and report latency in it, and the events acknowledged in it, so
   * that an episode of lag can be set against the server's and the database's logs.
   */
  List<String> series() {
    List<String> lines = new ArrayList<>();
    if (polls == 0) {
      return lines;
    }
    long first = pollSent[0] / 1000;
    int seconds = (int) (pollSent[polls - 1] / 1000 - first + 1);
    long[] maxAge = new long[seconds];
    long[] maxLatency = new long[seconds];
    int[] count = new int[seconds];
    long[] acked = new long[seconds];
    for (int i = 0; i < polls; i++) {
      int s = (int) (pollSent[i] / 1000 - first);
      count[s]++;
      maxAge[s] = Math.max(maxAge[s], pollSent[i] - asOf[i]);
      maxLatency[s] = Math.max(maxLatency[s], pollAt[i] - pollSent[i]);
    }
    for (int a = 0; a < acks; a++) {
      int s = (int) (ackAt[a] / 1000 - first);
      if (s >= 0 && s < seconds) {
        acked[s] += ackEvents[a];
      }
    }
    for (int s = 0; s < seconds; s++) {
      lines.add(
          String.format(
              "%s polls %d, watermark age max %d ms, report latency max %d ms, acked %d",
              Instant.ofEpochSecond(first + s), count[s], maxAge[s], maxLatency[s], acked[s]));
    }
    return lines;
  }

  private static int firstAbove(long[] ascending, long value) {
    int lo = 0;
    int hi = ascending.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ascending[mid] > value) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** The value at quantile {@code q} of sorted milliseconds, in seconds. */
  static double seconds(long[] sorted, double q) {
    return sorted.length == 0
        ? 0
        : sorted[Math.min(sorted.length - 1, (int) Math.floor(q * sorted.length))] / 1000.0;
  }
}
