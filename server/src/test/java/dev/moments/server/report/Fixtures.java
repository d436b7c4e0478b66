package dev.moments.server.report;

import dev.moments.server.experiment.Direction;
import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.Metric;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Status;
import dev.moments.server.rollup.RollupRow;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Experiments and rollup rows for report tests. */
final class Fixtures {

  static final LocalDate START = LocalDate.of(2026, 11, 1);

  private Fixtures() {}

  static ExperimentSpec spec(StatsSettings stats, MetricSpec... metrics) {
    return spec(Status.RUNNING, stats, metrics);
  }

  static ExperimentSpec spec(Status status, StatsSettings stats, MetricSpec... metrics) {
    return spec(status, Funnel.NONE, stats, metrics);
  }

  static ExperimentSpec spec(
      Status status, Funnel funnel, StatsSettings stats, MetricSpec... metrics) {
    return new ExperimentSpec(
        "hero-2026-11",
        status,
        "fmot.landing-hero",
        "FMOT",
        List.of(new VariantSpec("control", 50), new VariantSpec("bold", 50)),
        "control",
        List.of(metrics),
        funnel,
        stats,
        START);
  }

  static StatsSettings fixed(double mde) {
    return new StatsSettings(0.05, 0.8, mde, false, Correction.HOLM);
  }

  static StatsSettings sequential(double mde) {
    return new StatsSettings(0.05, 0.8, mde, true, Correction.HOLM);
  }

  static MetricSpec primary(String key) {
    return new MetricSpec(key, MetricType.BINOMIAL, MetricRole.PRIMARY);
  }

  static MetricSpec secondary(String key, MetricType type) {
    return new MetricSpec(key, type, MetricRole.SECONDARY);
  }

  /** A guardrail to keep low, as refunds or page errors. */
  static MetricSpec guardrail(String key) {
    return new MetricSpec(
        Metric.binomial(key).withDirection(Direction.DECREASE), MetricRole.GUARDRAIL);
  }

  /** Builds per-day delta rows. */
  static final class Rows {
    final List<RollupRow> rows = new ArrayList<>();

    Rows units(String variant, int day, long units) {
      rows.add(
          new RollupRow(
              RollupRow.UNITS,
              variant,
              START.plusDays(day),
              "",
              "",
              new SampleStats(units, 0, 0, 0)));
      return this;
    }

    Rows conversions(String metric, String variant, int day, long converted) {
      rows.add(
          new RollupRow(
              metric,
              variant,
              START.plusDays(day),
              "",
              "",
              new SampleStats(0, converted, converted, converted)));
      return this;
    }

    Rows values(
        String metric, String variant, int day, long converted, double sum, double sumSquares) {
      rows.add(
          new RollupRow(
              metric,
              variant,
              START.plusDays(day),
              "",
              "",
              new SampleStats(0, converted, sum, sumSquares)));
      return this;
    }

    Rows count(String kind, String variant, int day, long units) {
      rows.add(
          new RollupRow(
              kind, variant, START.plusDays(day), "", "", new SampleStats(units, 0, 0, 0)));
      return this;
    }

    Rows segment(
        String attribute,
        String value,
        String metric,
        String variant,
        int day,
        long units,
        long converted) {
      rows.add(
          new RollupRow(
              metric,
              variant,
              START.plusDays(day),
              attribute,
              value,
              new SampleStats(units, converted, converted, converted)));
      return this;
    }

    /**
     * Units and conversions of one variant split over days 0..2, with a negative correction on day
     * 2.
     */
    Rows binomial(String metric, String variant, long units, long converted) {
      units(variant, 0, units / 2).units(variant, 1, units - units / 2 + 10).units(variant, 2, -10);
      conversions(metric, variant, 0, converted / 3)
          .conversions(metric, variant, 1, converted - converted / 3 + 1)
          .conversions(metric, variant, 2, -1);
      return this;
    }

    List<RollupRow> list() {
      return List.copyOf(rows);
    }
  }
}
