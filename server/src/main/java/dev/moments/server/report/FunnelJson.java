package dev.moments.server.report;

import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.MetricType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The funnel: steps are the primary metric then the secondary binomial metrics in declaration
 * order; step k counts units that converted on steps 1..k ({@code $funnel:k} rows). {@code rate} is
 * over exposed units, {@code rateFromPrevious} over the previous step (the exposed units for step
 * 1).
 */
final class FunnelJson {

  private FunnelJson() {}

  static List<MetricSpec> steps(ExperimentSpec spec) {
    return spec.metrics().stream()
        .filter(
            m ->
                m.role() == MetricRole.PRIMARY
                    || (m.role() == MetricRole.SECONDARY && m.type() == MetricType.BINOMIAL))
        .toList();
  }

  static JsonArray funnel(ExperimentSpec spec, RollupCube cube) {
    JsonArray funnel = new JsonArray();
    List<MetricSpec> steps = steps(spec);
    for (int step = 1; step <= steps.size(); step++) {
      JsonArray variants = new JsonArray();
      for (VariantSpec variant : spec.variants()) {
        long exposed = cube.total(RollupRow.UNITS, variant.key()).n();
        long previous = step == 1 ? exposed : stepUnits(cube, step - 1, variant.key());
        long units = stepUnits(cube, step, variant.key());
        JsonObject json = new JsonObject().put("key", variant.key()).put("units", units);
        MetricJson.put(json, "rate", (double) units / exposed);
        MetricJson.put(json, "rateFromPrevious", (double) units / previous);
        variants.add(json);
      }
      funnel.add(
          new JsonObject()
              .put("metric", steps.get(step - 1).key())
              .put("step", step)
              .put("variants", variants));
    }
    return funnel;
  }

  private static long stepUnits(RollupCube cube, int step, String variant) {
    return cube.total(RollupRow.FUNNEL_PREFIX + step, variant).n();
  }
}
