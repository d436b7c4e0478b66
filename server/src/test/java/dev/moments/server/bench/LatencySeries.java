package dev.moments.server.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Latencies in slots of fixed length by the time each answer arrived, so that a tail can be set
 * against what the server did at that moment (a checkpoint, a fold batch, a GC pause in its logs):
 * each slot prints its wall-clock start, count, p50, p99 and maximum. Single-threaded like {@link
 * LatencyHistogram}; the load threads' series are merged at the end.
 */
final class LatencySeries {
  private final long startNanos;
  private final long startEpochMillis;
  private final long slotNanos;
  private final List<long[]> slots = new ArrayList<>();
  private final List<Integer> sizes = new ArrayList<>();

  /**
   * @param startNanos the {@link System#nanoTime} at which the first slot begins
   * @param slotMillis each slot's length
   */
  LatencySeries(long startNanos, long slotMillis) {
    this.startNanos = startNanos;
    this.startEpochMillis =
        System.currentTimeMillis() + (startNanos - System.nanoTime()) / 1_000_000;
    this.slotNanos = slotMillis * 1_000_000;
  }

  void record(long atNanos, long latencyNanos) {
    int slot = (int) Math.floorDiv(atNanos - startNanos, slotNanos);
    if (slot < 0) {
      return;
    }
    while (slots.size() <= slot) {
      slots.add(new long[64]);
      sizes.add(0);
    }
    long[] values = slots.get(slot);
    int size = sizes.get(slot);
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      slots.set(slot, values);
    }
    values[size] = latencyNanos / 1000;
    sizes.set(slot, size + 1);
  }

  void add(LatencySeries other) {
    for (int slot = 0; slot < other.slots.size(); slot++) {
      long[] values = other.slots.get(slot);
      for (int i = 0; i < other.sizes.get(slot); i++) {
        record(startNanos + slot * slotNanos, values[i] * 1000);
      }
    }
  }

  /** One line per slot: start (UTC), answers, p50, p99 and max in milliseconds. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    for (int slot = 0; slot < slots.size(); slot++) {
      long[] values = Arrays.copyOf(slots.get(slot), sizes.get(slot));
      Arrays.sort(values);
      Instant at = Instant.ofEpochMilli(startEpochMillis + slot * slotNanos / 1_000_000);
      lines.add(
          String.format(
              "%s n=%d p50 %.1f p99 %.1f max %.1f",
              at,
              values.length,
              rank(values, 0.50) / 1e3,
              rank(values, 0.99) / 1e3,
              values.length == 0 ? 0 : values[values.length - 1] / 1e3));
    }
    return lines;
  }

  private static long rank(long[] sorted, double share) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[(int) Math.max(0, Math.ceil(share * sorted.length) - 1)];
  }
}
