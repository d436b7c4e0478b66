package dev.moments.server.stats;

import java.util.Locale;

/**
 * How an experiment's comparisons are tested ({@code stats.method}).
 *
 * <ul>
 *   <li>{@link #GROUP_SEQUENTIAL}: one look a day, Lan-DeMets alpha spending ({@link
 *       SequentialMonitor}); the default for new experiments.
 *   <li>{@link #ALWAYS_VALID}: always-valid confidence sequences ({@link ConfidenceSequence}), for
 *       open-ended monitoring; what {@code "sequential": true} meant.
 *   <li>{@link #FIXED}: one read at the planned sample; what {@code "sequential": false} meant.
 * </ul>
 */
public enum TestMethod {
  GROUP_SEQUENTIAL,
  ALWAYS_VALID,
  FIXED;

  /** The method the old boolean {@code stats.sequential} names. */
  public static TestMethod ofSequential(boolean sequential) {
    return sequential ? ALWAYS_VALID : FIXED;
  }

  /** The name used in the API. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The method with this API name; IllegalArgumentException for any other text. */
  public static TestMethod ofApiName(String name) {
    for (TestMethod method : values()) {
      if (method.apiName().equals(name)) {
        return method;
      }
    }
    throw new IllegalArgumentException("unknown stats method: " + name);
  }

  /** Whether the numbers may be read before the planned sample (every method but fixed). */
  public boolean sequential() {
    return this != FIXED;
  }
}
