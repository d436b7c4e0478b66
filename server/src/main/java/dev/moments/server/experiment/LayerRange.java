package dev.moments.server.experiment;

/** A half-open range [start, end) of a moment's 10,000 layer buckets. */
public record LayerRange(int start, int end) {
  public static final int BUCKETS = 10_000;

  public LayerRange {
    if (start < 0 || end > BUCKETS || start >= end) {
      throw new IllegalArgumentException("invalid layer range [" + start + ", " + end + ")");
    }
  }

  public int width() {
    return end - start;
  }

  boolean overlaps(LayerRange other) {
    return start < other.end && other.start < end;
  }
}
