package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import dev.moments.server.events.Exclusion;
import dev.moments.server.experiment.MetricWindow;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A deliberately plain recount of the cumulative statistics at the end of every day, straight from
 * the rule text (server/README.md, "What counts"), to compare with the rollups' delta rows (which
 * are computed event by event). Events here have distinct timestamps, and are stored before they
 * are dated (so their timestamp decides the running period).
 */
final class Recount {

  /** A unit's standing in one experiment as the rules define it. */
  record Standing(Event first, boolean forced, boolean multiple, List<Event> excluded) {
    boolean counted() {
      return first != null && !forced && !multiple;
    }
  }

  /** Why the exposure does not count, or null (the rule text, read plainly). */
  static Exclusion verdict(Event x) {
    ExperimentFacts facts = RandomEvents.FACTS.apply(x.experiment());
    if (x.excluded() != null) {
      return x.excluded();
    }
    if (facts == null) {
      return Exclusion.BEFORE_START;
    }
    Exclusion outside = facts.outsideRunning(x.timestamp());
    if (outside != null) {
      return outside;
    }
    boolean plausible =
        facts.hasVariant(x.variant())
            && (x.forced()
                || (x.isAd()
                    ? facts.isAdExperiment()
                    : x.variant().equals(facts.hashVariant(x.unitId()))));
    return plausible ? null : Exclusion.IMPLAUSIBLE_VARIANT;
  }

  /** The unit's standing in the experiment, from its exposures to it. */
  static Standing standing(List<Event> unitEvents, String experiment) {
    List<Event> exposures =
        unitEvents.stream()
            .filter(e -> e.isExposure() && e.experiment().equals(experiment))
            .sorted(Comparator.comparing(Event::timestamp))
            .toList();
    Event first = null;
    boolean forced = false;
    Set<String> variants = new LinkedHashSet<>();
    List<Event> excluded = new ArrayList<>();
    for (Event x : exposures) {
      Exclusion reason = verdict(x);
      if (reason == null) {
        first = first == null ? x : first;
        forced |= x.forced();
        variants.add(x.variant());
      } else if (!(reason == Exclusion.UNSIGNED_AD
          && first != null
          && first.variant().equals(x.variant()))) {
        excluded.add(x);
      }
    }
    return new Standing(first, forced, variants.size() > 1, excluded);
  }

  /**
   * (metric, variant, segment attribute, segment value, day) → {units, converted, sum, sumSquares},
   * a capped metric's totals counted at most at their cap, a ratio's sums over the units' uncapped
   * totals of its numerator and denominator.
   */
  static Map<String, double[]> expected(
      List<Event> events, String experiment, FoldRules rules, String attribute) {
    List<String> funnel = rules.funnel();
    Map<String, double[]> out = new TreeMap<>();
    Map<String, List<Event>> byUnit = events.stream().collect(Collectors.groupingBy(Event::unitId));
    ExperimentFacts facts = RandomEvents.FACTS.apply(experiment);
    for (List<Event> unitEvents : byUnit.values()) {
      Standing standing = standing(unitEvents, experiment);
      standing.excluded().forEach(x -> excluded(out, verdict(x), x.timestamp()));
      Event first = standing.first();
      if (first == null) {
        continue;
      }
      List<String> segments = new ArrayList<>(List.of("|"));
      if (attribute != null) {
        JsonObject a = first.attributes();
        Object v = a == null ? null : a.getValue(attribute);
        segments.add(attribute + "|" + (v == null ? "(none)" : v.toString()));
      }
      List<Event> credited = new ArrayList<>();
      for (Event c : unitEvents) {
        if (c.isExposure() || c.timestamp().isBefore(first.timestamp()) || !standing.counted()) {
          continue;
        }
        Exclusion reason =
            c.excluded() != null ? c.excluded() : facts.outsideRunning(c.timestamp());
        if (reason == null) {
          credited.add(c);
        } else {
          excluded(out, reason, c.timestamp());
        }
      }
      for (int d = 0; d < RandomEvents.DAYS + 1; d++) {
        LocalDate day = day(RandomEvents.START).plusDays(d);
        if (day(first.timestamp()).isAfter(day)) {
          continue;
        }
        for (String segment : segments) {
          String prefix = first.variant() + "|" + segment + "|" + day + "|";
          if (!standing.counted()) {
            add(out, (standing.forced() ? "$forced" : "$multiple") + "|" + prefix, 0, 1);
            continue;
          }
          add(out, "$units|" + prefix, 0, 1);
          List<Event> upToDay =
              credited.stream().filter(e -> !day(e.timestamp()).isAfter(day)).toList();
          // a ratio sums every credited conversion of its parts, whatever their metrics' windows
          Map<String, Double> raw = new HashMap<>();
          upToDay.forEach(e -> raw.merge(e.metric(), e.value(), Double::sum));
          // a windowed metric: the conversions inside the window, from the exposure day on
          Map<String, Double> totals = new HashMap<>();
          for (Event e : credited) {
            MetricWindow window = rules.windows().get(e.metric());
            if (window == null
                ? !day(e.timestamp()).isAfter(day)
                : window.contains(first.timestamp(), e.timestamp())) {
              totals.merge(e.metric(), e.value(), Double::sum);
            }
          }
          totals.forEach(
              (metric, uncapped) -> {
                double total = Math.min(uncapped, rules.caps().getOrDefault(metric, uncapped));
                add(out, metric + "|" + prefix, 1, 1);
                add(out, metric + "|" + prefix, 2, total);
                add(out, metric + "|" + prefix, 3, total * total);
              });
          for (int k = 1; k <= funnel.size() && totals.containsKey(funnel.get(k - 1)); k++) {
            add(out, "$funnel:" + k + "|" + prefix, 0, 1);
          }
          rules
              .ratios()
              .forEach(
                  (ratio, parts) -> {
                    double a = raw.getOrDefault(parts.get(0), 0.0);
                    double b = raw.getOrDefault(parts.get(1), 0.0);
                    String row = "$ratio:" + ratio + ":";
                    add(out, row + "num|" + prefix, 2, a);
                    add(out, row + "num|" + prefix, 3, a * a);
                    add(out, row + "den|" + prefix, 2, b);
                    add(out, row + "den|" + prefix, 3, b * b);
                    add(out, row + "cross|" + prefix, 2, a * b);
                  });
        }
      }
    }
    return out;
  }

  /** One excluded event, in the row of all units (variant "") from its day on. */
  private static void excluded(Map<String, double[]> out, Exclusion reason, Instant at) {
    for (int d = 0; d < RandomEvents.DAYS + 1; d++) {
      LocalDate day = day(RandomEvents.START).plusDays(d);
      if (!day(at).isAfter(day)) {
        add(out, reason.metric() + "||||" + day + "|", 0, 1);
      }
    }
  }

  /** The same shape from delta rows: cumulative sums at the end of every day. */
  static Map<String, double[]> cumulative(List<RollupRow> rows) {
    Map<String, double[]> out = new TreeMap<>();
    for (RollupRow r : rows) {
      for (int d = 0; d < RandomEvents.DAYS + 1; d++) {
        LocalDate day = day(RandomEvents.START).plusDays(d);
        if (r.day().isAfter(day)) {
          continue;
        }
        String key =
            r.metric()
                + "|"
                + r.variant()
                + "|"
                + r.segmentAttribute()
                + "|"
                + r.segmentValue()
                + "|"
                + day
                + "|";
        add(out, key, 0, r.stats().n());
        add(out, key, 1, r.stats().converted());
        add(out, key, 2, r.stats().sum());
        add(out, key, 3, r.stats().sumSquares());
      }
    }
    out.values()
        .removeIf(v -> v[0] == 0 && v[1] == 0 && Math.abs(v[2]) < 1e-9 && Math.abs(v[3]) < 1e-9);
    return out;
  }

  private static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  private static void add(Map<String, double[]> out, String key, int index, double amount) {
    out.computeIfAbsent(key, k -> new double[4])[index] += amount;
  }

  static String describe(Map<String, double[]> map) {
    StringBuilder s = new StringBuilder();
    map.forEach((k, v) -> s.append(k).append(java.util.Arrays.toString(v)).append('\n'));
    return s.toString();
  }
}
