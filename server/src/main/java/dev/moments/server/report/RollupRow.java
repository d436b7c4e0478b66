package dev.moments.server.report;

import java.time.LocalDate;

/** One day's change of the sufficient statistics of an experiment, as the rollups keep them. */
public record RollupRow(String metric, String variant, LocalDate day, String segmentAttribute, String segmentValue,
                        long units, long converted, double sum, double sumSquares) {
}
