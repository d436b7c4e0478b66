package dev.moments.server.rollup;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A unit's standing in one experiment: its first exposure decides variant, time and segment
 * attributes.
 */
record UnitExposure(
    String experiment,
    String unitId,
    String variant,
    Instant firstAt,
    boolean forced,
    boolean multiple,
    JsonObject attributes) {}
