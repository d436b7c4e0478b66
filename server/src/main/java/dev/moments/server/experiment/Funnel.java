package dev.moments.server.experiment;

import dev.moments.server.stats.MetricType;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of an experiment's funnel, by metric key: step k counts the units that converted on
 * steps 1 to k. The rule lives here only; the fold counts the steps and the report shows them.
 */
public record Funnel(List<String> steps) {

  public Funnel {
    steps = List.copyOf(steps);
  }

  /** The primary metric, then the binomial secondary metrics, in their declared order. */
  public static Funnel of(Metric primary, List<Metric> secondary) {
    List<String> steps = new ArrayList<>();
    steps.add(primary.key());
    for (Metric m : secondary) {
      if (m.type() == MetricType.BINOMIAL) {
        steps.add(m.key());
      }
    }
    return new Funnel(steps);
  }
}
