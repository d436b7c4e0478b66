package dev.moments.server.report;

import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.LiftResult;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;

/**
 * The primary metric's cumulative result at the end of each day. Variants are the non-control ones;
 * the control's units are in {@code controlUnits}. With always-valid testing the interval is
 * always-valid and {@code pValue} is the running minimum so far; with group-sequential testing a
 * day that was a look carries its {@code z}, {@code zBoundary} and repeated interval, and no
 * p-value.
 */
final class TimelineJson {

  private TimelineJson() {}

  /**
   * @param groupSequential a day that is no look shows no interval (the fixed-horizon one would be
   *     read as a peek)
   */
  static JsonArray timeline(MetricResult primary, String control, boolean groupSequential) {
    JsonArray timeline = new JsonArray();
    for (MetricResult.DailyPoint point : primary.daily()) {
      JsonArray variants = new JsonArray();
      point
          .lifts()
          .forEach((key, lift) -> variants.add(variant(key, point, lift, groupSequential)));
      timeline.add(
          new JsonObject()
              .put("date", point.day().toString())
              .put("controlUnits", point.units().get(control))
              .put("variants", variants));
    }
    return timeline;
  }

  /**
   * Adds to each day its cohort's values: per variant (control included) the units first exposed
   * that day and the primary metric over them, counted up to the report's end. A day's rate is that
   * of the visitors who arrived that day, never conversions of one day over units of another.
   *
   * @param cohorts per cohort day (as the row's day), every metric's totals
   */
  static void addDaily(JsonArray timeline, ExperimentSpec spec, List<RollupRow> cohorts) {
    RollupCube cube = new RollupCube(cohorts);
    MetricSpec primary = spec.primaryMetric();
    for (Object o : timeline) {
      JsonObject point = (JsonObject) o;
      LocalDate day = LocalDate.parse(point.getString("date"));
      JsonArray daily = new JsonArray();
      for (VariantSpec v : spec.variants()) {
        SampleStats sample = cube.sampleOn(primary.metric(), v.key(), day);
        JsonObject json =
            new JsonObject()
                .put("key", v.key())
                .put("units", sample.n())
                .put("conversions", sample.converted());
        if (sample.n() > 0) {
          MetricJson.put(json, "mean", sample.mean());
        }
        daily.add(json);
      }
      point.put("daily", daily);
    }
  }

  private static JsonObject variant(
      String key, MetricResult.DailyPoint point, LiftResult lift, boolean groupSequential) {
    JsonObject json = new JsonObject().put("key", key).put("units", point.units().get(key));
    if (!lift.ok()) {
      return json.put("error", lift.error());
    }
    MetricJson.put(json, "relativeLift", lift.relative().estimate());
    SequentialComparison.LookPoint look = point.looks().get(key);
    if (look != null) {
      // group-sequential: that day's look, its boundary and repeated interval
      MetricJson.put(json, "z", look.z());
      json.put("zBoundary", Double.isFinite(look.zBoundary()) ? look.zBoundary() : null);
      if (look.relativeCi() != null) {
        json.put("ci", MetricJson.interval(look.relativeCi()));
      }
      return json;
    }
    if (!groupSequential) {
      json.put("ci", MetricJson.interval(lift.relative().ci()));
    }
    Double p = point.pValues().get(key);
    if (p != null) {
      MetricJson.put(json, "pValue", p);
    }
    return json;
  }
}
