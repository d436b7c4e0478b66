package dev.moments.server.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Event bodies of the report ITs whose experiment's metric is {@code revenue} (mean). */
final class RevenueUnits {
  private RevenueUnits() {}

  /** Adds {@code unit}'s exposure to {@code variant} of {@code experiment} and one conversion. */
  static void add(
      JsonArray events, String experiment, String unit, String variant, double value, String at) {
    events.add(
        new JsonObject()
            .put("id", "x-" + unit)
            .put("type", "exposure")
            .put("unitId", unit)
            .put("experiment", experiment)
            .put("variant", variant)
            .put("timestamp", at));
    events.add(conversion("c-" + unit, unit, value, at));
  }

  static JsonObject conversion(String id, String unit, double value, String at) {
    return new JsonObject()
        .put("id", id)
        .put("type", "conversion")
        .put("unitId", unit)
        .put("metric", "revenue")
        .put("value", value)
        .put("timestamp", at);
  }
}
