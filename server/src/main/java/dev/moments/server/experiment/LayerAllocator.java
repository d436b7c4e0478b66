package dev.moments.server.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Hands out ranges of a moment's buckets so that experiments on one moment never share a unit, and
 * ramps traffic without moving anyone: growing extends the experiment's own ranges into free room,
 * shrinking cuts from the end. The buckets a shrink cuts stay the experiment's (retired) until it
 * stops: their units were exposed to it, and another experiment taking them would count them in
 * both. Growing takes its own retired buckets back first (the same units return, with the same
 * variants). Pure: the caller serialises calls per moment (a row lock) and stores the result.
 */
public final class LayerAllocator {
  private LayerAllocator() {}

  /** Buckets a traffic share needs: 0.01 % is one bucket. */
  public static int width(double trafficPercent) {
    return (int) Math.max(1, Math.round(trafficPercent * 100));
  }

  /**
   * A new contiguous range for a starting experiment, or a conflict naming the room that is left.
   */
  public static List<LayerRange> allocate(int width, List<LayerRange> taken) {
    List<LayerRange> free = free(taken);
    for (LayerRange gap : free) {
      if (gap.width() >= width) {
        return List.of(new LayerRange(gap.start(), gap.start() + width));
      }
    }
    int largest = free.stream().mapToInt(LayerRange::width).max().orElse(0);
    throw new LayerFullException(width, largest, free.stream().mapToInt(LayerRange::width).sum());
  }

  /**
   * The ranges after a traffic change; units already inside stay inside unless the share shrinks.
   * {@code retired} are the buckets the experiment gave up earlier, {@code taken} what the other
   * experiments of the moment hold or retired.
   */
  public static List<LayerRange> resize(
      List<LayerRange> own, List<LayerRange> retired, int width, List<LayerRange> taken) {
    int current = own.stream().mapToInt(LayerRange::width).sum();
    if (width == current) {
      return own;
    }
    return width < current ? shrink(own, width) : grow(own, retired, width - current, taken);
  }

  /**
   * The buckets an experiment keeps retired after its ranges went from {@code before} to {@code
   * after}.
   */
  public static List<LayerRange> retired(
      List<LayerRange> before, List<LayerRange> after, List<LayerRange> retired) {
    boolean[] held = new boolean[LayerRange.BUCKETS];
    mark(held, before, true);
    mark(held, retired, true);
    mark(held, after, false);
    List<LayerRange> result = new ArrayList<>();
    int start = -1;
    for (int bucket = 0; bucket <= LayerRange.BUCKETS; bucket++) {
      boolean in = bucket < LayerRange.BUCKETS && held[bucket];
      if (in && start < 0) {
        start = bucket;
      } else if (!in && start >= 0) {
        result.add(new LayerRange(start, bucket));
        start = -1;
      }
    }
    return List.copyOf(result);
  }

  private static void mark(boolean[] buckets, List<LayerRange> ranges, boolean value) {
    for (LayerRange range : ranges) {
      Arrays.fill(buckets, range.start(), range.end(), value);
    }
  }

  private static List<LayerRange> shrink(List<LayerRange> own, int width) {
    List<LayerRange> result = new ArrayList<>();
    int left = width;
    for (LayerRange range : own) {
      if (left <= 0) {
        break;
      }
      int keep = Math.min(left, range.width());
      result.add(new LayerRange(range.start(), range.start() + keep));
      left -= keep;
    }
    return List.copyOf(result);
  }

  private static List<LayerRange> grow(
      List<LayerRange> own, List<LayerRange> retired, int extra, List<LayerRange> taken) {
    List<LayerRange> occupied = new ArrayList<>(taken);
    occupied.addAll(own);
    occupied.addAll(retired);
    List<LayerRange> gaps = free(occupied);
    int available =
        gaps.stream().mapToInt(LayerRange::width).sum()
            + retired.stream().mapToInt(LayerRange::width).sum();
    if (available < extra) {
      throw new LayerFullException(extra, available, available);
    }
    // Its own retired buckets first, then the gap right after the last range, so a ramp usually
    // stays one contiguous range; then the lowest gaps. Taking a gap from its start and merging
    // neighbours extends a range in place.
    int lastEnd = own.get(own.size() - 1).end();
    List<LayerRange> result = new ArrayList<>(own);
    int left = take(inOrder(retired, lastEnd), extra, result);
    take(inOrder(gaps, lastEnd), left, result);
    return merge(result);
  }

  private static List<LayerRange> inOrder(List<LayerRange> ranges, int lastEnd) {
    List<LayerRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingInt(gap -> gap.start() == lastEnd ? -1 : gap.start()));
    return sorted;
  }

  /** Takes up to {@code wanted} buckets from the start of each range in turn; what is left. */
  private static int take(List<LayerRange> from, int wanted, List<LayerRange> into) {
    int left = wanted;
    for (LayerRange range : from) {
      if (left == 0) {
        break;
      }
      int width = Math.min(left, range.width());
      into.add(new LayerRange(range.start(), range.start() + width));
      left -= width;
    }
    return left;
  }

  static List<LayerRange> free(List<LayerRange> taken) {
    List<LayerRange> sorted = new ArrayList<>(taken);
    sorted.sort(Comparator.comparingInt(LayerRange::start));
    List<LayerRange> free = new ArrayList<>();
    int cursor = 0;
    for (LayerRange range : sorted) {
      if (range.start() > cursor) {
        free.add(new LayerRange(cursor, range.start()));
      }
      cursor = Math.max(cursor, range.end());
    }
    if (cursor < LayerRange.BUCKETS) {
      free.add(new LayerRange(cursor, LayerRange.BUCKETS));
    }
    return free;
  }

  private static List<LayerRange> merge(List<LayerRange> ranges) {
    List<LayerRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingInt(LayerRange::start));
    List<LayerRange> merged = new ArrayList<>();
    for (LayerRange range : sorted) {
      if (!merged.isEmpty() && merged.get(merged.size() - 1).end() == range.start()) {
        LayerRange prev = merged.remove(merged.size() - 1);
        merged.add(new LayerRange(prev.start(), range.end()));
      } else {
        merged.add(range);
      }
    }
    return List.copyOf(merged);
  }
}
