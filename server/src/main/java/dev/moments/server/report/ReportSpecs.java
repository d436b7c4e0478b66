package dev.moments.server.report;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Metric;
import dev.moments.server.experiment.Stage;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Turns a stored experiment into what the report builder needs to know about it. */
public final class ReportSpecs {
  private ReportSpecs() {}

  public static ExperimentSpec of(Experiment e, Stage stage) {
    List<VariantSpec> variants =
        e.variants().stream().map(v -> new VariantSpec(v.key(), v.weight())).toList();
    List<MetricSpec> metrics = new ArrayList<>();
    metrics.add(new MetricSpec(e.primaryMetric(), MetricRole.PRIMARY));
    add(metrics, e.secondaryMetrics(), MetricRole.SECONDARY);
    add(metrics, e.guardrailMetrics(), MetricRole.GUARDRAIL);
    return new ExperimentSpec(
        e.key(),
        e.status(),
        e.moment(),
        stage.name(),
        variants,
        e.control(),
        metrics,
        e.funnel(),
        e.stats(),
        e.startedAt() == null ? null : e.startedAt().atZone(ZoneOffset.UTC).toLocalDate());
  }

  private static void add(List<MetricSpec> metrics, List<Metric> list, MetricRole role) {
    list.forEach(m -> metrics.add(new MetricSpec(m, role)));
  }
}
