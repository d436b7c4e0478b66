package dev.moments.server.experiment;

import dev.moments.server.stats.MetricType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Metrics a moment's experiments usually measure, added at creation with {@code "preset"}. {@code
 * fmot}: what the JS SDK's {@code page()} records in the first seconds on a landing page, {@code
 * engaged} (increase), {@code time_on_page} (mean, seconds, capped at 30 minutes per unit: one tab
 * left open overnight must not outweigh everyone else) and {@code bounce} (decrease, a guardrail).
 * A metric the request declares itself, in any role, is left as the request has it.
 */
public enum MetricPreset {
  FMOT(
      List.of(
          Metric.binomial("engaged").withName("Engaged within 7 s"),
          Metric.of("time_on_page", MetricType.MEAN)
              .withName("Time on page")
              .withUnit("s")
              .withCap(1800.0)),
      List.of(Metric.binomial("bounce").withName("Bounce").withDirection(Direction.DECREASE)));

  private final List<Metric> secondary;
  private final List<Metric> guardrail;

  MetricPreset(List<Metric> secondary, List<Metric> guardrail) {
    this.secondary = secondary;
    this.guardrail = guardrail;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MetricPreset fromWire(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** The draft with the preset's metrics it does not declare yet added to their roles. */
  public Experiment applyTo(Experiment draft) {
    Set<String> declared = new HashSet<>();
    draft.metrics().forEach(m -> declared.add(m.key()));
    return draft.toBuilder()
        .secondaryMetrics(plus(draft.secondaryMetrics(), secondary, declared))
        .guardrailMetrics(plus(draft.guardrailMetrics(), guardrail, declared))
        .build();
  }

  private static List<Metric> plus(List<Metric> given, List<Metric> preset, Set<String> declared) {
    List<Metric> all = new ArrayList<>(given);
    preset.stream().filter(m -> !declared.contains(m.key())).forEach(all::add);
    return all;
  }
}
