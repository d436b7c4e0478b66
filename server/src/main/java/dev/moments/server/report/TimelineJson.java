package dev.moments.server.report;

import dev.moments.server.stats.LiftResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The primary metric's cumulative result at the end of each day. Variants are the non-control ones;
 * the control's units are in {@code controlUnits}. With sequential testing the interval is
 * always-valid and {@code pValue} is the running minimum so far.
 */
final class TimelineJson {

  private TimelineJson() {}

  static JsonArray timeline(MetricResult primary, String control) {
    JsonArray timeline = new JsonArray();
    for (MetricResult.DailyPoint point : primary.daily()) {
      JsonArray variants = new JsonArray();
      point.lifts().forEach((key, lift) -> variants.add(variant(key, point, lift)));
      timeline.add(
          new JsonObject()
              .put("date", point.day().toString())
              .put("controlUnits", point.units().get(control))
              .put("variants", variants));
    }
    return timeline;
  }

  private static JsonObject variant(String key, MetricResult.DailyPoint point, LiftResult lift) {
    JsonObject json = new JsonObject().put("key", key).put("units", point.units().get(key));
    if (!lift.ok()) {
      return json.put("error", lift.error());
    }
    MetricJson.put(json, "relativeLift", lift.relative().estimate());
    json.put("ci", MetricJson.interval(lift.relative().ci()));
    Double p = point.pValues().get(key);
    if (p != null) {
      MetricJson.put(json, "pValue", p);
    }
    return json;
  }
}
