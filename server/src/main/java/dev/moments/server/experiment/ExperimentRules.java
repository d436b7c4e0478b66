package dev.moments.server.experiment;

import dev.moments.sdk.Targeting;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks a JSON schema cannot express (unique variant keys, control names a variant, one role
 * per metric, a planned baseline that fits the metric, targeting the SDKs can parse). The OpenAPI
 * schema has checked types and ranges; failures name the field at fault by its JSON path.
 */
public final class ExperimentRules {
  private ExperimentRules() {}

  public static void checkVariants(List<Variant> variants) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < variants.size(); i++) {
      Variant v = variants.get(i);
      if (!seen.add(v.key())) {
        throw new InvalidException(
            "duplicate_variant",
            "Variant key '" + v.key() + "' is used twice; variant keys must be unique.",
            "variants[" + i + "].key");
      }
      if (!(v.weight() > 0) || Double.isInfinite(v.weight())) {
        throw InvalidException.field(
            "variants[" + i + "].weight", "Weight must be a positive number.");
      }
    }
    if (variants.size() < 2) {
      throw InvalidException.field("variants", "An experiment needs at least two variants.");
    }
  }

  public static void checkControl(String control, List<Variant> variants) {
    if (variants.stream().noneMatch(v -> v.key().equals(control))) {
      throw new InvalidException(
          "unknown_control", "control '" + control + "' is not one of the variants.", "control");
    }
  }

  /**
   * A metric plays one role: the report would otherwise list it twice with different corrections.
   */
  public static void checkMetricRoles(
      Metric primary, List<Metric> secondary, List<Metric> guardrail) {
    Set<String> seen = new HashSet<>();
    seen.add(primary.key());
    checkUnique(secondary, "secondaryMetrics", seen);
    checkUnique(guardrail, "guardrailMetrics", seen);
  }

  private static void checkUnique(List<Metric> metrics, String field, Set<String> seen) {
    for (int i = 0; i < metrics.size(); i++) {
      String key = metrics.get(i).key();
      if (!seen.add(key)) {
        throw new InvalidException(
            "duplicate_metric",
            "Metric '" + key + "' appears more than once; each metric has one role.",
            field + "[" + i + "].key");
      }
    }
  }

  /**
   * A planned baseline must be a rate for a binomial primary metric, and a mean needs its stddev
   * too.
   */
  public static void checkPlannedBaseline(StatsSettings stats, Metric primary) {
    Double baseline = stats.plannedBaseline();
    if (baseline == null) {
      return;
    }
    boolean binomial = primary.type() == MetricType.BINOMIAL;
    if (binomial && !(baseline < 1)) {
      throw InvalidException.field(
          "stats.baseline", "For a binomial primary metric the baseline is a rate below 1.");
    }
    if (binomial && !(baseline * (1 + stats.mde()) < 1)) {
      throw InvalidException.field(
          "stats.mde", "baseline × (1 + mde) must stay below 1 for a binomial metric.");
    }
    if (!binomial && stats.plannedStddev() == null) {
      throw InvalidException.field(
          "stats.stddev", "A mean primary metric with a planned baseline needs its stddev.");
    }
  }

  /**
   * Targeting is checked by the same parser every SDK runs, so a condition the SDKs would refuse
   * (an {@code eq} without a value, say) is a 400 here instead of a configuration no SDK can load.
   */
  public static void checkTargeting(JsonObject targeting) {
    if (targeting == null) {
      return;
    }
    try {
      Targeting.parse(targeting.encode());
    } catch (IllegalArgumentException e) {
      throw InvalidException.field("targeting", "Invalid targeting: " + e.getMessage());
    }
  }

  public static void checkRollout(String rollout, Experiment experiment) {
    if (rollout != null && !experiment.hasVariant(rollout)) {
      throw new InvalidException(
          "unknown_variant",
          "rollout '" + rollout + "' is not a variant of experiment '" + experiment.key() + "'.",
          "rollout");
    }
  }
}
