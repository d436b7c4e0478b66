package dev.moments.sdk;

/** A half-open range {@code [start, end)} of a moment's 10,000 layer buckets. */
public record BucketRange(int start, int end) {
  public BucketRange {
    if (start < 0 || end > Hashing.BUCKETS || start >= end) {
      throw new IllegalArgumentException(
          "bucket range ["
              + start
              + ", "
              + end
              + ") must satisfy 0 <= start < end <= "
              + Hashing.BUCKETS);
    }
  }

  boolean contains(int bucket) {
    return bucket >= start && bucket < end;
  }

  int width() {
    return end - start;
  }
}
