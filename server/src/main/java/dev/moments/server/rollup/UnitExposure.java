package dev.moments.server.rollup;

import java.time.Instant;

/**
 * A unit's standing in one experiment: its first counted exposure decides variant, time and segment
 * attributes.
 *
 * @param attributes the first counted exposure's attributes as JSON text, as the database returned
 *     them (written back to {@code exposures} as they are: re-encoding a parsed copy was 1.9 % of
 *     the worker's CPU); null when it had none
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
    String attributes,
    boolean ad) {}
