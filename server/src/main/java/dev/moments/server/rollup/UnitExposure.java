package dev.moments.server.rollup;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A unit's standing in one experiment: its first counted exposure decides variant, time and segment
 * attributes.
 *
 * @param ad the first counted exposure was an ad click ({@code POST /assign} answers later visits
 *     of an ad experiment with this variant)
 */
record UnitExposure(
    String experiment,
    String unitId,
    String variant,
    Instant firstAt,
    boolean forced,
    boolean multiple,
    JsonObject attributes,
    boolean ad) {}
