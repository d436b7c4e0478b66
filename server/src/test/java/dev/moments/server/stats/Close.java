package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tolerance assertions for reference values from R / SciPy. */
public final class Close {

  private Close() {}

  /** |actual - expected| <= relative * |expected| + 1e-300 (so exact zeros must match exactly). */
  public static void relative(double expected, double actual, double relative, String what) {
    double tolerance = relative * Math.abs(expected) + 1e-300;
    assertTrue(
        Math.abs(actual - expected) <= tolerance,
        () -> what + ": expected " + expected + " within " + relative + " relative, got " + actual);
  }

  /** |actual - expected| <= absolute. */
  public static void absolute(double expected, double actual, double absolute, String what) {
    assertTrue(
        Math.abs(actual - expected) <= absolute,
        () -> what + ": expected " + expected + " within " + absolute + ", got " + actual);
  }
}
