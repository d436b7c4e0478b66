package dev.moments.server.report;

import dev.moments.server.experiment.Funnel;
import dev.moments.server.experiment.StatsSettings;
import dev.moments.server.experiment.Status;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a report needs to know about an experiment. Metrics are in declaration order, primary first.
 *
 * @param funnel the declared funnel; {@link Funnel#NONE} for none
 * @param startDate nullable (a draft has not started); the timeline then starts at the first rollup
 *     day
 */
public record ExperimentSpec(
    String key,
    Status status,
    String moment,
    String stage,
    List<VariantSpec> variants,
    String control,
    List<MetricSpec> metrics,
    Funnel funnel,
    StatsSettings stats,
    LocalDate startDate) {

  public ExperimentSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(stats, "stats");
    variants = List.copyOf(Objects.requireNonNull(variants, "variants"));
    metrics = List.copyOf(Objects.requireNonNull(metrics, "metrics"));
    funnel = funnel == null ? Funnel.NONE : funnel;
    Set<String> keys = new HashSet<>();
    for (VariantSpec variant : variants) {
      if (!keys.add(variant.key())) {
        throw new IllegalArgumentException("duplicate variant key: " + variant.key());
      }
    }
    if (!keys.contains(control)) {
      throw new IllegalArgumentException(
          "control " + control + " is not one of the variants " + keys);
    }
    if (variants.size() < 2) {
      throw new IllegalArgumentException("an experiment needs at least two variants, got " + keys);
    }
    if (metrics.isEmpty() || metrics.get(0).role() != MetricRole.PRIMARY) {
      throw new IllegalArgumentException(
          "the first metric must be the primary metric, got " + metrics);
    }
    if (metrics.stream().filter(m -> m.role() == MetricRole.PRIMARY).count() != 1) {
      throw new IllegalArgumentException("exactly one primary metric expected, got " + metrics);
    }
  }

  public MetricSpec primaryMetric() {
    return metrics.get(0);
  }

  /** The analysed metric with this key, or null. */
  public MetricSpec metric(String key) {
    return metrics.stream().filter(m -> m.key().equals(key)).findFirst().orElse(null);
  }

  public double totalWeight() {
    return variants.stream().mapToDouble(VariantSpec::weight).sum();
  }
}
