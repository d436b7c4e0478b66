package dev.moments.server.report;

import java.util.Objects;

/**
 * A variant and its configured traffic weight (any non-negative scale; shares are weight / total).
 */
public record VariantSpec(String key, double weight) {

  public VariantSpec {
    Objects.requireNonNull(key, "variant key");
    if (!(weight >= 0 && Double.isFinite(weight))) {
      throw new IllegalArgumentException(
          "weight of variant " + key + " must be >= 0, got " + weight);
    }
  }
}
