package dev.moments.server.stats;

import java.util.Locale;

/**
 * Whether an experiment's comparisons are adjusted by per-unit covariates ({@code
 * stats.varianceReduction}): {@link #CUPED} with context ({@link CupedEstimator}, the default for
 * new experiments) or {@link #NONE}.
 */
public enum VarianceReduction {
  CUPED,
  NONE;

  /** The name used in the API. */
  public String apiName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The value with this API name; IllegalArgumentException for any other text. */
  public static VarianceReduction ofApiName(String name) {
    for (VarianceReduction v : values()) {
      if (v.apiName().equals(name)) {
        return v;
      }
    }
    throw new IllegalArgumentException("unknown variance reduction: " + name);
  }
}
