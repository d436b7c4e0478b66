package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A deliberately plain recount of the cumulative statistics at the end of every day, straight from
 * the rule text, to compare with the rollups' delta rows (which are computed event by event).
 */
final class Recount {
  /**
   * (metric, variant, segment attribute, segment value, day) → {units, converted, sum, sumSquares},
   * a capped metric's totals counted at most at their cap.
   */
  static Map<String, double[]> expected(
      List<Event> events, String experiment, FoldRules rules, String attribute) {
    List<String> funnel = rules.funnel();
    Map<String, double[]> out = new TreeMap<>();
    Map<String, List<Event>> byUnit = events.stream().collect(Collectors.groupingBy(Event::unitId));
    for (List<Event> unitEvents : byUnit.values()) {
      List<Event> exposures =
          unitEvents.stream()
              .filter(e -> e.isExposure() && e.experiment().equals(experiment))
              .sorted(Comparator.comparing(Event::timestamp))
              .toList();
      if (exposures.isEmpty()) {
        continue;
      }
      Event first = exposures.get(0);
      boolean forced = exposures.stream().anyMatch(Event::forced);
      boolean multiple = exposures.stream().map(Event::variant).distinct().count() > 1;
      List<String> segments = new ArrayList<>(List.of("|"));
      if (attribute != null) {
        JsonObject a = first.attributes();
        Object v = a == null ? null : a.getValue(attribute);
        segments.add(attribute + "|" + (v == null ? "(none)" : v.toString()));
      }
      List<Event> credited =
          unitEvents.stream()
              .filter(e -> !e.isExposure() && !e.timestamp().isBefore(first.timestamp()))
              .toList();
      for (int d = 0; d < RandomEvents.DAYS + 1; d++) {
        LocalDate day = LocalDate.ofInstant(RandomEvents.START, ZoneOffset.UTC).plusDays(d);
        if (day(first).isAfter(day)) {
          continue;
        }
        for (String segment : segments) {
          String prefix = first.variant() + "|" + segment + "|" + day + "|";
          if (forced || multiple) {
            add(out, (forced ? "$forced" : "$multiple") + "|" + prefix, 0, 1);
            continue;
          }
          add(out, "$units|" + prefix, 0, 1);
          List<Event> upToDay = credited.stream().filter(e -> !day(e).isAfter(day)).toList();
          Map<String, Double> totals = new HashMap<>();
          upToDay.forEach(e -> totals.merge(e.metric(), e.value(), Double::sum));
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
        }
      }
    }
    return out;
  }

  /** The same shape from delta rows: cumulative sums at the end of every day. */
  static Map<String, double[]> cumulative(List<RollupRow> rows) {
    Map<String, double[]> out = new TreeMap<>();
    for (RollupRow r : rows) {
      for (int d = 0; d < RandomEvents.DAYS + 1; d++) {
        LocalDate day = LocalDate.ofInstant(RandomEvents.START, ZoneOffset.UTC).plusDays(d);
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

  private static LocalDate day(Event e) {
    return LocalDate.ofInstant(e.timestamp(), ZoneOffset.UTC);
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
