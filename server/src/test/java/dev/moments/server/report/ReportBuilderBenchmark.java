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
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ReportBuilder.build for 3 variants, 5 metrics and 1 million units over 30 days (the rollups hold
 * per-day rows, so the cost depends on days x metrics x variants, not on units). Target: p50 <= 50
 * ms. With {@code segmented = true} the rows also carry a 3-value device segment and the report
 * adds {@code segments}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ReportBuilderBenchmark {

  private static final int DAYS = 30;
  private static final long UNITS = 1_000_000;
  private static final LocalDate START = LocalDate.of(2026, 10, 1);
  private static final String[] VARIANTS = {"control", "bold", "minimal"};
  private static final String[] DEVICES = {"mobile", "desktop", "tablet"};

  @Param({"false", "true"})
  public boolean segmented;

  private ExperimentSpec spec;
  private List<RollupRow> rows;

  @Setup
  public void setUp() {
    spec =
        new ExperimentSpec(
            "hero-2026-10",
            Status.RUNNING,
            "fmot.landing-hero",
            "FMOT",
            List.of(
                new VariantSpec("control", 34),
                new VariantSpec("bold", 33),
                new VariantSpec("minimal", 33)),
            "control",
            List.of(
                new MetricSpec("signup", MetricType.BINOMIAL, MetricRole.PRIMARY),
                new MetricSpec("first_purchase", MetricType.BINOMIAL, MetricRole.SECONDARY),
                new MetricSpec("revenue", MetricType.MEAN, MetricRole.SECONDARY),
                new MetricSpec("review_posted", MetricType.BINOMIAL, MetricRole.SECONDARY),
                new MetricSpec(
                    Metric.binomial("refund").withDirection(Direction.DECREASE),
                    MetricRole.GUARDRAIL)),
            new Funnel(List.of("signup", "first_purchase")),
            new StatsSettings(0.05, 0.8, 0.1, true, Correction.HOLM),
            START);
    rows = rows(segmented, new SplittableRandom(42));
  }

  @Benchmark
  public JsonObject build() {
    return ReportBuilder.build(
        ReportInput.of(spec, rows, START.plusDays(DAYS - 1))
            .withSegment(segmented ? "device" : null));
  }

  static List<RollupRow> rows(boolean segmented, SplittableRandom random) {
    List<RollupRow> rows = new ArrayList<>();
    long perVariantDay = UNITS / DAYS / VARIANTS.length;
    for (int day = 0; day < DAYS; day++) {
      for (String variant : VARIANTS) {
        addSlice(rows, random, START.plusDays(day), variant, "", "", perVariantDay);
        for (String device : segmented ? DEVICES : new String[0]) {
          addSlice(
              rows,
              random,
              START.plusDays(day),
              variant,
              "device",
              device,
              perVariantDay / DEVICES.length);
        }
      }
    }
    return rows;
  }

  private static void addSlice(
      List<RollupRow> rows,
      SplittableRandom random,
      LocalDate day,
      String variant,
      String attribute,
      String value,
      long units) {
    long signups = units / 40 + random.nextInt(20);
    rows.add(
        new RollupRow(
            RollupRow.UNITS, variant, day, attribute, value, new SampleStats(units, 0, 0, 0)));
    rows.add(
        new RollupRow(
            RollupRow.FORCED,
            variant,
            day,
            attribute,
            value,
            new SampleStats(units / 100, 0, 0, 0)));
    rows.add(
        new RollupRow(
            RollupRow.MULTIPLE,
            variant,
            day,
            attribute,
            value,
            new SampleStats(units / 1000, 0, 0, 0)));
    rows.add(binomial("signup", variant, day, attribute, value, signups));
    rows.add(binomial("first_purchase", variant, day, attribute, value, signups / 3));
    rows.add(
        new RollupRow(
            "revenue",
            variant,
            day,
            attribute,
            value,
            new SampleStats(0, signups / 3, signups * 12.5, signups * 900.0)));
    rows.add(binomial("review_posted", variant, day, attribute, value, signups / 10));
    rows.add(binomial("refund", variant, day, attribute, value, signups / 50));
    rows.add(
        new RollupRow(
            "$funnel:1", variant, day, attribute, value, new SampleStats(signups, 0, 0, 0)));
    rows.add(
        new RollupRow(
            "$funnel:2", variant, day, attribute, value, new SampleStats(signups / 3, 0, 0, 0)));
    rows.add(
        new RollupRow(
            "$funnel:3", variant, day, attribute, value, new SampleStats(signups / 12, 0, 0, 0)));
  }

  private static RollupRow binomial(
      String metric,
      String variant,
      LocalDate day,
      String attribute,
      String value,
      long converted) {
    return new RollupRow(
        metric,
        variant,
        day,
        attribute,
        value,
        new SampleStats(0, converted, converted, converted));
  }
}
