package dev.moments.server.report;

import dev.moments.server.experiment.Direction;
import dev.moments.server.experiment.Metric;
import dev.moments.server.stats.MetricType;
import java.util.Objects;

/** A metric the report analyses, with its role; its direction says which change is better. */
public record MetricSpec(Metric metric, MetricRole role) {

  public MetricSpec {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(role, "role of metric " + metric.key());
    if (metric.key().startsWith("$")) {
      throw new IllegalArgumentException(
          "metric keys starting with $ are reserved, got " + metric.key());
    }
  }

  /** A metric to increase, with no unit. */
  public MetricSpec(String key, MetricType type, MetricRole role) {
    this(Metric.of(key, type), role);
  }

  public String key() {
    return metric.key();
  }

  /**
   * The type the estimators treat the metric as (retention is binomial: {@link
   * MetricType#statistic()}).
   */
  public MetricType type() {
    return metric.type().statistic();
  }

  public Direction direction() {
    return metric.direction();
  }

  /** What the values are in ({@code s}, {@code €}), or null. */
  public String unit() {
    return metric.unit();
  }
}
