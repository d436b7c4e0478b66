package dev.moments.server.stats;

/** A two-sided interval [low, high]. */
public record Interval(double low, double high) {

  public boolean contains(double value) {
    return low <= value && value <= high;
  }

  static Interval around(double center, double halfWidth) {
    return new Interval(center - halfWidth, center + halfWidth);
  }
}
