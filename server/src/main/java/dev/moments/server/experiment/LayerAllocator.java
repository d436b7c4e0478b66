package dev.moments.server.experiment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Hands out ranges of a moment's buckets so that experiments on one moment never share a unit, and
 * ramps traffic without moving anyone: growing extends the experiment's own ranges into free room,
 * shrinking cuts from the end. Pure: the caller serialises calls per moment (a row lock) and stores
 * the result.
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
   */
  public static List<LayerRange> resize(List<LayerRange> own, int width, List<LayerRange> taken) {
    int current = own.stream().mapToInt(LayerRange::width).sum();
    if (width == current) {
      return own;
    }
    return width < current ? shrink(own, width) : grow(own, width - current, taken);
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

  private static List<LayerRange> grow(List<LayerRange> own, int extra, List<LayerRange> taken) {
    List<LayerRange> occupied = new ArrayList<>(taken);
    occupied.addAll(own);
    List<LayerRange> gaps = free(occupied);
    int available = gaps.stream().mapToInt(LayerRange::width).sum();
    if (available < extra) {
      throw new LayerFullException(extra, available, available);
    }
    // The gap right after the last range first, so a ramp usually stays one contiguous range; then
    // the
    // lowest gaps. Taking a gap from its start and merging neighbours extends a range in place.
    int lastEnd = own.get(own.size() - 1).end();
    gaps.sort(Comparator.comparingInt(gap -> gap.start() == lastEnd ? -1 : gap.start()));
    List<LayerRange> result = new ArrayList<>(own);
    int left = extra;
    for (LayerRange gap : gaps) {
      if (left == 0) {
        break;
      }
      int take = Math.min(left, gap.width());
      result.add(new LayerRange(gap.start(), gap.start() + take));
      left -= take;
    }
    return merge(result);
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
