package dev.moments.server.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The covariate vector x of CUPED with context: x[0] is the metric's own value in the lookback
 * window before the unit's first exposure (0 for a new visitor), followed by one 0/1 indicator per
 * level of each context attribute (device, channel, intent, returning, recorded at first exposure)
 * except its first level, which is the baseline that the intercept absorbs; dropping one level per
 * attribute keeps the indicators from summing to a constant column.
 *
 * <p>New visitors all have x[0] = 0; the {@code returning} indicator then carries the difference
 * between them and returning units, and their context still reduces variance (CUPAC-like). A value
 * the layout does not list (or a missing one) counts as the baseline level: list a level such as
 * "unknown" explicitly when that is common. The layout must not change during an experiment,
 * because the fold sums x of every unit with it.
 */
public record CovariateLayout(List<Factor> factors) {

  /** A context attribute and its levels; the first is the baseline. */
  public record Factor(String attribute, List<String> levels) {
    public Factor {
      levels = List.copyOf(levels);
      if (levels.isEmpty() || new HashSet<>(levels).size() != levels.size()) {
        throw new IllegalArgumentException(
            "attribute " + attribute + " needs distinct levels, got " + levels);
      }
    }
  }

  public CovariateLayout {
    factors = List.copyOf(factors);
  }

  /** Number of covariates: 1 + sum over attributes of (levels - 1). */
  public int size() {
    int size = 1;
    for (Factor f : factors) {
      size += f.levels().size() - 1;
    }
    return size;
  }

  /** Names of the covariates in order: "pre", then "attribute=level" for each indicator. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    names.add("pre");
    for (Factor f : factors) {
      for (String level : f.levels().subList(1, f.levels().size())) {
        names.add(f.attribute() + "=" + level);
      }
    }
    return names;
  }

  /**
   * @param preValue the metric's value in the lookback window (0 when none)
   * @param context attribute to value, as recorded at first exposure
   */
  public double[] encode(double preValue, Map<String, String> context) {
    double[] x = new double[size()];
    x[0] = preValue;
    int at = 1;
    for (Factor f : factors) {
      String value = context.get(f.attribute());
      int level = value == null ? -1 : f.levels().indexOf(value);
      if (level > 0) {
        x[at + level - 1] = 1;
      }
      at += f.levels().size() - 1;
    }
    return x;
  }
}
