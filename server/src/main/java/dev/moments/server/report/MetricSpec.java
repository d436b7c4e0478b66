package dev.moments.server.report;

import dev.moments.server.experiment.Metric;
import dev.moments.server.stats.MetricType;
import java.util.Objects;

/**
 * A metric the report analyses, with its role. Guardrail metrics are "lower is better" (refunds,
 * errors).
 */
public record MetricSpec(String key, MetricType type, MetricRole role) {

  public MetricSpec {
    Objects.requireNonNull(key, "metric key");
    Objects.requireNonNull(type, "type of metric " + key);
    Objects.requireNonNull(role, "role of metric " + key);
    if (key.startsWith("$")) {
      throw new IllegalArgumentException("metric keys starting with $ are reserved, got " + key);
    }
  }

  public MetricSpec(Metric metric, MetricRole role) {
    this(metric.key(), metric.type(), role);
  }

  public Metric metric() {
    return Metric.of(key, type);
  }
}
