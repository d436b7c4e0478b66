package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Metric;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Variant;
import dev.moments.server.stats.MetricType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which of an experiment's metrics get CUPED sums, and as what y: the report reads a retention
 * metric as a binomial (retained or not), so its y must be the 0/1 indicator, not the number of
 * visits; a ratio's report reads its own rows, so a ratio gets no sums at all.
 */
class CupedFoldTest {
  @Test
  void retentionIsRegressedAsABinomialAndARatioGetsNoSums() {
    Experiment e =
        Experiment.builder()
            .key("onboarding")
            .primaryMetric(Metric.binomial("signup"))
            .secondaryMetrics(
                List.of(
                    Metric.of("visit", MetricType.RETENTION),
                    Metric.of("revenue", MetricType.MEAN),
                    Metric.ratio("revenue_per_order", "revenue", "order")))
            .variants(List.of(Variant.of("control", 1), Variant.of("guided", 1)))
            .stats(StatsSettings.DEFAULT)
            .build();
    CupedFold cuped = CupedFold.of(e);
    assertEquals(Map.of("signup", true, "visit", true, "revenue", false), cuped.binomial());
    assertEquals(StatsSettings.DEFAULT_LOOKBACK_DAYS, cuped.lookbackDays());
  }

  @Test
  void anExperimentWithoutVarianceReductionKeepsNoSums() {
    Experiment e =
        Experiment.builder()
            .key("hero")
            .primaryMetric(Metric.binomial("signup"))
            .variants(List.of(Variant.of("control", 1), Variant.of("bold", 1)))
            .build();
    assertNull(CupedFold.of(e.toBuilder().stats(withoutCuped()).build()));
  }

  private static StatsSettings withoutCuped() {
    StatsSettings d = StatsSettings.DEFAULT;
    return new StatsSettings(
        d.alpha(),
        d.power(),
        d.mde(),
        d.method(),
        d.spending(),
        d.correction(),
        d.plannedBaseline(),
        d.plannedStddev());
  }
}
