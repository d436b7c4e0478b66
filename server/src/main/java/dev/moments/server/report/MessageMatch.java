package dev.moments.server.report;

import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.InteractionTest;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report's {@code messageMatch} for {@code ?segment=ad:<ad experiment>}: "ad and landing page
 * must match". Per (ad variant × landing variant) cell the units that came through that ad and saw
 * that landing page, their conversions on the primary metric and the rate; per ad variant the
 * landing variant that does best the metric's way; and the likelihood-ratio test of the interaction
 * (does the best landing variant depend on the ad?). Pure, from the ad segment's rollup slices.
 */
final class MessageMatch {
  static final String NOT_BINOMIAL = "not_binomial";

  /**
   * The landing split changed while the experiment ran: each cell pools periods of different
   * splits, and an ad whose visitors came mostly in one period reads that period's baseline into
   * its landing variants' rates (Simpson's paradox, README "Changing splits"). Neither the best
   * landing variant per ad nor the interaction can be read from such cells.
   */
  static final String CHANGING_SPLIT = "changing_split";

  private MessageMatch() {}

  /**
   * @param slices the landing experiment's rollups split by the ad variant its units came through
   * @param adExperiment the ad experiment's key
   * @param adVariants its variants, in declaration order
   * @param changingSplit whether the landing split changed while it ran: the cells are then pooled
   *     figures only, with no best landing variant and no interaction test
   */
  static JsonObject json(
      ExperimentSpec spec,
      Map<String, RollupCube> slices,
      String adExperiment,
      List<String> adVariants,
      boolean changingSplit) {
    MetricSpec metric = spec.primaryMetric();
    JsonArray cells = new JsonArray();
    JsonArray best = new JsonArray();
    List<long[]> unitRows = new ArrayList<>();
    List<long[]> conversionRows = new ArrayList<>();
    for (String adVariant : adVariants) {
      RollupCube cube = slices.getOrDefault(adVariant, new RollupCube(List.of()));
      AdRow row = AdRow.of(metric, spec.variants(), adVariant, cube, cells);
      if (row.best() != null) {
        best.add(new JsonObject().put("adVariant", adVariant).put("landingVariant", row.best()));
        unitRows.add(row.units());
        conversionRows.add(row.conversions());
      }
    }
    return new JsonObject()
        .put("adExperiment", adExperiment)
        .put("metric", metric.key())
        .put("cells", cells)
        .put("bestLanding", changingSplit ? new JsonArray() : best)
        .put(
            "interaction",
            changingSplit
                ? new JsonObject().put("method", "likelihood_ratio").put("error", CHANGING_SPLIT)
                : interaction(metric, unitRows, conversionRows, spec.stats().alpha()));
  }

  /**
   * One ad variant's row: per landing variant its units and conversions, and the landing variant
   * with the best rate (or mean) the metric's way, the lowest for one to keep low; null when no
   * landing variant has units.
   */
  private record AdRow(long[] units, long[] conversions, String best) {

    /** The row of {@code adVariant}, its cells added to {@code cells}. */
    static AdRow of(
        MetricSpec metric,
        List<VariantSpec> landing,
        String adVariant,
        RollupCube cube,
        JsonArray cells) {
      long[] units = new long[landing.size()];
      long[] conversions = new long[landing.size()];
      String bestVariant = null;
      double bestRate = Double.NaN;
      for (int j = 0; j < landing.size(); j++) {
        String key = landing.get(j).key();
        units[j] = cube.total(RollupRow.UNITS, key).n();
        SampleStats values = cube.total(metric.key(), key);
        conversions[j] = values.converted();
        JsonObject cell =
            new JsonObject()
                .put("adVariant", adVariant)
                .put("landingVariant", key)
                .put("units", units[j])
                .put("conversions", conversions[j]);
        if (units[j] > 0) {
          double rate =
              metric.type() == MetricType.BINOMIAL
                  ? (double) conversions[j] / units[j]
                  : cube.sample(metric.metric(), key).mean();
          MetricJson.put(cell, metric.type() == MetricType.BINOMIAL ? "rate" : "mean", rate);
          if (bestVariant == null || metric.direction().better(rate - bestRate)) {
            bestRate = rate;
            bestVariant = key;
          }
        }
        cells.add(cell);
      }
      return new AdRow(units, conversions, bestVariant);
    }
  }

  private static JsonObject interaction(
      MetricSpec metric, List<long[]> units, List<long[]> conversions, double alpha) {
    JsonObject json = new JsonObject().put("method", "likelihood_ratio");
    if (metric.type() != MetricType.BINOMIAL) {
      return json.put("error", NOT_BINOMIAL);
    }
    InteractionTest.Result r =
        InteractionTest.test(units.toArray(new long[0][]), conversions.toArray(new long[0][]));
    if (!r.ok()) {
      return json.put("error", r.error());
    }
    MetricJson.put(json, "statistic", r.statistic());
    json.put("df", r.df());
    MetricJson.put(json, "pValue", r.pValue());
    return json.put("significant", r.pValue() < alpha);
  }
}
