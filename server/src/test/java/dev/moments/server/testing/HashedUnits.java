package dev.moments.server.testing;

import dev.moments.sdk.Assigner;
import dev.moments.sdk.AssignmentConfig;
import dev.moments.sdk.BucketRange;
import dev.moments.sdk.ExperimentDefinition;
import dev.moments.sdk.VariantDefinition;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unit ids whose hash gives a chosen variant of an experiment (as {@code GET
 * /api/v1/experiments/{key}} describes it: its salt and weights), computed by the SDKs' own core.
 * Events that name another variant for a unit are implausible and left out of the statistics, so
 * tests that send exposures through {@code POST /events} pick their units with this.
 */
public final class HashedUnits {
  private HashedUnits() {}

  /** The variant the unit's hash gives in the experiment. */
  public static String variantOf(JsonObject experiment, String unitId) {
    List<VariantDefinition> variants = new ArrayList<>();
    experiment
        .getJsonArray("variants")
        .forEach(
            v -> {
              JsonObject variant = (JsonObject) v;
              variants.add(
                  new VariantDefinition(
                      variant.getString("key"), variant.getDouble("weight"), null, null));
            });
    AssignmentConfig config =
        AssignmentConfig.of(
            null,
            List.of(
                new ExperimentDefinition(
                    experiment.getString("key"),
                    "m",
                    experiment.getString("salt"),
                    "running",
                    100,
                    List.of(new BucketRange(0, 10_000)),
                    variants,
                    null,
                    null)));
    return Assigner.assign(config, "m", unitId, Map.of()).variant();
  }

  /** {@code n} unit ids ({@code prefix} + a number) whose hash gives {@code variant}. */
  public static List<String> in(JsonObject experiment, String variant, int n, String prefix) {
    List<String> units = new ArrayList<>(n);
    for (int i = 0; units.size() < n; i++) {
      if (i > 1000 * n + 10_000) {
        throw new IllegalArgumentException("no units for variant " + variant + " of " + experiment);
      }
      String unit = prefix + i;
      if (variant.equals(variantOf(experiment, unit))) {
        units.add(unit);
      }
    }
    return units;
  }

  /** The ids {@code prefix} + 0 .. n-1 that the hash does not give {@code variant}. */
  public static List<String> notIn(JsonObject experiment, String variant, int n, String prefix) {
    List<String> units = new ArrayList<>(n);
    for (int i = 0; units.size() < n; i++) {
      String unit = prefix + i;
      if (!variant.equals(variantOf(experiment, unit))) {
        units.add(unit);
      }
    }
    return units;
  }
}
