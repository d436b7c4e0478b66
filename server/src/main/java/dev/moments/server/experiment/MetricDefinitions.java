package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.MetricType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of the metric attributes the fold applies as events are counted beyond caps: a ratio's
 * numerator and denominator, a metric's window. Kept beside {@link ExperimentRules} so that each
 * stays one topic.
 */
public final class MetricDefinitions {
  private MetricDefinitions() {}

  /**
   * A ratio metric names two different event metric keys, numerator and denominator (they need not
   * be metrics of the experiment: the fold sums every conversion metric per unit); no other type
   * names either.
   */
  public static void checkRatios(Metric primary, List<Metric> secondary, List<Metric> guardrail) {
    for (Located m : located(primary, secondary, guardrail)) {
      checkRatio(m.metric(), m.path());
    }
  }

  /** The longest window: a unit this long after its exposure is past any sensible later moment. */
  static final Duration LONGEST_WINDOW = Duration.ofDays(366);

  /**
   * A window starts at or after the first exposure and ends after it starts, within a year; a
   * retention metric must have one (retained within what?).
   */
  public static void checkWindows(Metric primary, List<Metric> secondary, List<Metric> guardrail) {
    for (Located located : located(primary, secondary, guardrail)) {
      Metric m = located.metric();
      String path = located.path() + ".window";
      MetricWindow w = m.window();
      if (w == null) {
        if (m.type() == MetricType.RETENTION) {
          throw InvalidException.field(
              path,
              "Retention metric '"
                  + m.key()
                  + "' needs a window, e.g. {\"start\":\"P1D\",\"end\":\"P8D\"}: retained when?");
        }
        continue;
      }
      if (w.start().isNegative()) {
        throw InvalidException.field(
            path + ".start",
            "A window starts at or after the first exposure, got " + w.start() + ".");
      }
      if (w.end().compareTo(w.start()) <= 0 || w.end().compareTo(LONGEST_WINDOW) > 0) {
        throw InvalidException.field(
            path + ".end",
            "A window ends after it starts and at most P366D after the first exposure, got "
                + w.end()
                + ".");
      }
    }
  }

  private static void checkRatio(Metric m, String path) {
    if (m.type() != MetricType.RATIO) {
      String stray =
          m.numerator() != null ? "numerator" : m.denominator() != null ? "denominator" : null;
      if (stray != null) {
        throw InvalidException.field(
            path + "." + stray,
            "Only a ratio metric has a numerator and a denominator; '"
                + m.key()
                + "' is "
                + m.type().name().toLowerCase()
                + ".");
      }
      return;
    }
    for (String part : List.of("numerator", "denominator")) {
      String value = part.equals("numerator") ? m.numerator() : m.denominator();
      if (value == null) {
        throw InvalidException.field(
            path + "." + part,
            "Ratio metric '" + m.key() + "' needs a " + part + ": the event metric key it sums.");
      }
    }
    if (m.numerator().equals(m.denominator())) {
      throw InvalidException.field(
          path + ".denominator",
          "Ratio metric '"
              + m.key()
              + "' divides '"
              + m.numerator()
              + "' by itself; name two different event metrics.");
    }
  }

  /**
   * Ratios are summed per unit as events are folded, like caps: once the experiment has started no
   * ratio metric may change its numerator or denominator, appear or go, or the rollups would mix
   * units counted one way with units counted another.
   */
  public static void checkFoldDefinitionsUnchanged(Experiment before, Experiment after) {
    if (before.status() != Status.DRAFT && !before.windows().equals(after.windows())) {
      throw new ConflictException(
          "field_locked",
          "Metric windows cannot change once the experiment has started (now "
              + before.windows()
              + ", asked "
              + after.windows()
              + "): conversions are credited by them as events are counted.");
    }
    if (before.status() != Status.DRAFT && !before.ratios().equals(after.ratios())) {
      throw new ConflictException(
          "field_locked",
          "Ratio metrics cannot change once the experiment has started (now "
              + before.ratios()
              + ", asked "
              + after.ratios()
              + "): they are summed as events are counted.");
    }
  }

  record Located(Metric metric, String path) {}

  static List<Located> located(Metric primary, List<Metric> secondary, List<Metric> guardrail) {
    List<Located> all = new ArrayList<>();
    all.add(new Located(primary, "primaryMetric"));
    for (int i = 0; i < secondary.size(); i++) {
      all.add(new Located(secondary.get(i), "secondaryMetrics[" + i + "]"));
    }
    for (int i = 0; i < guardrail.size(); i++) {
      all.add(new Located(guardrail.get(i), "guardrailMetrics[" + i + "]"));
    }
    return all;
  }
}
