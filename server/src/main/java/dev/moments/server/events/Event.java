package dev.moments.server.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * One validated event as it is stored. Exposures carry experiment and variant, conversions a metric
 * and value.
 *
 * @param attributes the unit's attributes at that moment (segments come from the first exposure's);
 *     may be null
 */
public record Event(
    String id,
    EventType type,
    String unitId,
    String experiment,
    String variant,
    String metric,
    double value,
    Instant timestamp,
    boolean forced,
    JsonObject attributes) {

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(unitId, "unitId");
    Objects.requireNonNull(timestamp, "timestamp");
    if (type == EventType.EXPOSURE && (experiment == null || variant == null)) {
      throw new IllegalArgumentException("exposure " + id + " needs an experiment and a variant");
    }
    if (type == EventType.CONVERSION && metric == null) {
      throw new IllegalArgumentException("conversion " + id + " needs a metric");
    }
  }

  /**
   * The exposure the /assign route logs; a deterministic id makes repeated assignments store one
   * row.
   */
  public static Event exposure(
      String id,
      String unitId,
      String experiment,
      String variant,
      Instant timestamp,
      boolean forced,
      JsonObject attributes) {
    return new Event(
        id,
        EventType.EXPOSURE,
        unitId,
        experiment,
        variant,
        null,
        0,
        timestamp,
        forced,
        attributes);
  }

  public static Event conversion(
      String id,
      String unitId,
      String metric,
      double value,
      Instant timestamp,
      JsonObject attributes) {
    return new Event(
        id, EventType.CONVERSION, unitId, null, null, metric, value, timestamp, false, attributes);
  }

  public boolean isExposure() {
    return type == EventType.EXPOSURE;
  }
}
