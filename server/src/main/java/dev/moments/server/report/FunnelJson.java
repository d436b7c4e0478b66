package dev.moments.server.report;

import dev.moments.server.rollup.RollupRow;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The funnel the experiment declares ({@link ExperimentSpec#funnel()}; none, no steps): step k
 * counts units that converted on steps 1..k ({@code $funnel:k} rows). {@code rate} is over exposed
 * units, {@code rateFromPrevious} over the previous step (the exposed units for step 1).
 */
final class FunnelJson {

  private FunnelJson() {}

  static JsonArray funnel(ExperimentSpec spec, RollupCube cube) {
    JsonArray funnel = new JsonArray();
    List<String> steps = spec.funnel().steps();
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
              .put("metric", steps.get(step - 1))
              .put("step", step)
              .put("variants", variants));
    }
    return funnel;
  }

  private static long stepUnits(RollupCube cube, int step, String variant) {
    return cube.total(RollupRow.FUNNEL_PREFIX + step, variant).n();
  }
}
