package dev.moments.server.rollup;

import java.time.LocalDate;

/** One cell of the rollups table; segment attribute and value are "" for the row of all units. */
record RollupKey(
    String experiment,
    String metric,
    String variant,
    LocalDate day,
    String segmentAttribute,
    String segmentValue) {}
