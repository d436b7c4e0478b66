package dev.moments.server.experiment;

import dev.moments.server.stats.MetricType;
import java.util.Objects;

/**
 * A metric an experiment measures: its key (the {@code metric} of conversion events, or a name of
 * its own for a ratio), type and direction, and optionally a person's name, the unit its values are
 * in and a cap. Built with {@link #of} and the withers, never positionally outside the JSON
 * mapping, so that attributes still to come join as components with defaults.
 *
 * @param name a person's name for the metric, or null
 * @param direction which way is better; increase unless said otherwise
 * @param unit what the values are in ({@code s}, {@code €}, {@code %}), printed by reports; or null
 * @param cap for a mean metric, the most one unit's total may count for (winsorised in the fold);
 *     or null
 * @param numerator for a ratio metric, the event metric key summed above the line; else null
 * @param denominator for a ratio metric, the event metric key summed below the line; else null
 * @param window the part of each unit's life after its first exposure the metric counts; null for
 *     all of it (required for retention)
 */
public record Metric(
    String key,
    MetricType type,
    String name,
    Direction direction,
    String unit,
    Double cap,
    String numerator,
    String denominator,
    MetricWindow window) {

  public Metric {
    Objects.requireNonNull(key, "metric key");
    type = type == null ? MetricType.BINOMIAL : type;
    direction = direction == null ? Direction.INCREASE : direction;
  }

  public Metric(
      String key, MetricType type, String name, Direction direction, String unit, Double cap) {
    this(key, type, name, direction, unit, cap, null, null, null);
  }

  public static Metric of(String key, MetricType type) {
    return new Metric(key, type, null, null, null, null);
  }

  /** Did the unit convert at all: the default type. */
  public static Metric binomial(String key) {
    return of(key, MetricType.BINOMIAL);
  }

  /** Σ numerator / Σ denominator over each arm's units, e.g. revenue per order. */
  public static Metric ratio(String key, String numerator, String denominator) {
    return new Metric(key, MetricType.RATIO, null, null, null, null, numerator, denominator, null);
  }

  public Metric withName(String name) {
    return new Metric(key, type, name, direction, unit, cap, numerator, denominator, window);
  }

  public Metric withDirection(Direction direction) {
    return new Metric(key, type, name, direction, unit, cap, numerator, denominator, window);
  }

  public Metric withUnit(String unit) {
    return new Metric(key, type, name, direction, unit, cap, numerator, denominator, window);
  }

  public Metric withWindow(MetricWindow window) {
    return new Metric(key, type, name, direction, unit, cap, numerator, denominator, window);
  }

  public Metric withCap(Double cap) {
    return new Metric(key, type, name, direction, unit, cap, numerator, denominator, window);
  }
}
