package dev.moments.server.report;

import dev.moments.server.rollup.RollupRow;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What {@link ReportBuilder#build} builds a report from. {@link #of} is the plain report of the
 * whole experiment on {@code today}; each {@code with…} (or {@link #at}) returns a copy with one
 * part more.
 *
 * @param rows per-day deltas, overall ("" attribute) and per segment
 * @param today the last day of the timeline
 * @param now the clock on {@code today}: a windowed metric takes the units whose window has closed
 *     by then, and a group-sequential look is a day before {@code today} that had ended by then.
 *     The live report passes the instant up to which the fold has all data, so neither reads a day
 *     still partly in the inbox as complete. Default: the start of {@code today}
 * @param segmentAttribute nullable (or blank: none); when set, adds {@code segments} for every
 *     value of that attribute
 * @param declaredMetrics the metric keys any experiment declares: the report warns about its units'
 *     conversions for keys outside them. Default: none known
 * @param ad nullable; when set, the report is split by the ad variant its units came through:
 *     {@code segments} per ad variant and the {@code messageMatch} table
 * @param split nullable; for an experiment whose weights changed while it ran: when its periods
 *     differ, the sample-ratio check expects each day's weights and the report adds {@code
 *     changingSplit} ({@link ChangingSplit})
 * @param looks nullable; the whole experiment's group-sequential looks recorded before stay as
 *     taken, and those this report takes are added to it for the caller to record
 */
public record ReportInput(
    ExperimentSpec spec,
    List<RollupRow> rows,
    LocalDate today,
    Instant now,
    String segmentAttribute,
    Set<String> declaredMetrics,
    ReportBuilder.AdSegment ad,
    ChangingSplitInput split,
    LookBook looks) {

  public ReportInput {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(today, "today");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(declaredMetrics, "declaredMetrics");
  }

  /** The whole experiment's report on {@code today}, read at its start, knowing no metrics. */
  public static ReportInput of(ExperimentSpec spec, List<RollupRow> rows, LocalDate today) {
    return new ReportInput(
        spec,
        rows,
        today,
        today.atStartOfDay(ZoneOffset.UTC).toInstant(),
        null,
        Set.of(),
        null,
        null,
        null);
  }

  public ReportInput at(Instant now) {
    return new ReportInput(
        spec, rows, today, now, segmentAttribute, declaredMetrics, ad, split, looks);
  }

  public ReportInput withSegment(String segmentAttribute) {
    return new ReportInput(
        spec, rows, today, now, segmentAttribute, declaredMetrics, ad, split, looks);
  }

  public ReportInput withDeclaredMetrics(Set<String> declaredMetrics) {
    return new ReportInput(
        spec, rows, today, now, segmentAttribute, declaredMetrics, ad, split, looks);
  }

  public ReportInput withAd(ReportBuilder.AdSegment ad) {
    return new ReportInput(
        spec, rows, today, now, segmentAttribute, declaredMetrics, ad, split, looks);
  }

  ReportInput withSplit(ChangingSplitInput split) {
    return new ReportInput(
        spec, rows, today, now, segmentAttribute, declaredMetrics, ad, split, looks);
  }

  ReportInput withLooks(LookBook looks) {
    return new ReportInput(
        spec, rows, today, now, segmentAttribute, declaredMetrics, ad, split, looks);
  }
}
