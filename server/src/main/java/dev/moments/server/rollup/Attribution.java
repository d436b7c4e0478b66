package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What one unit contributes to the rollups, computed from all of its events and nothing else (no
 * I/O), so that the worker can add "after minus before" for the units a batch touches, and the
 * rebuild can sum it over all units.
 *
 * <p>Rules: the first exposure (by timestamp, then commit order) to an experiment fixes the unit's
 * variant, day and segment attributes. A unit with any forced exposure counts under {@code
 * $forced}; otherwise one exposed to more than one variant counts under {@code $multiple}; both
 * stay out of the statistics. A conversion is credited when its timestamp is at or after the first
 * exposure, whatever the order in which the events arrived. Metric and funnel cells are kept only
 * for units in the statistics ({@code $units}). A capped metric counts each unit's total up to its
 * cap, and the funnel is the one the experiment declares ({@link FoldRules}).
 */
final class Attribution {
  static final String NO_VALUE = "(none)";

  /** The unit's cells and its standing per experiment. */
  record Contribution(Map<RollupKey, SampleStats> cells, List<UnitExposure> exposures) {}

  private Attribution() {}

  /**
   * @param events every event of one unit, in any order
   * @param rules each experiment's declared funnel and metric caps
   */
  static Contribution of(List<StoredEvent> events, Function<String, FoldRules> rules) {
    List<StoredEvent> sorted = new ArrayList<>(events);
    sorted.sort(StoredEvent.BY_TIME);
    Map<String, List<Event>> exposuresByExperiment = new LinkedHashMap<>();
    List<Event> conversions = new ArrayList<>();
    for (StoredEvent s : sorted) {
      if (s.event().isExposure()) {
        exposuresByExperiment
            .computeIfAbsent(s.event().experiment(), k -> new ArrayList<>())
            .add(s.event());
      } else {
        conversions.add(s.event());
      }
    }
    Map<RollupKey, SampleStats> cells = new HashMap<>();
    List<UnitExposure> standings = new ArrayList<>();
    for (Map.Entry<String, List<Event>> e : exposuresByExperiment.entrySet()) {
      UnitExposure standing = standing(e.getKey(), e.getValue());
      standings.add(standing);
      new Cells(cells, standing).addExperiment(conversions, rules.apply(standing.experiment()));
    }
    return new Contribution(cells, standings);
  }

  private static UnitExposure standing(String experiment, List<Event> exposures) {
    Event first = exposures.get(0);
    Set<String> variants = new LinkedHashSet<>();
    boolean forced = false;
    for (Event x : exposures) {
      variants.add(x.variant());
      forced |= x.forced();
    }
    return new UnitExposure(
        experiment,
        first.unitId(),
        first.variant(),
        first.timestamp(),
        forced,
        variants.size() > 1,
        first.attributes());
  }

  static LocalDate day(Instant t) {
    return LocalDate.ofInstant(t, ZoneOffset.UTC);
  }

  static String segmentValue(JsonObject attributes, String attribute) {
    Object v = attributes == null ? null : attributes.getValue(attribute);
    return v == null ? NO_VALUE : String.valueOf(v);
  }

  /**
   * Adds one unit's cells for one experiment, once for all units and once per segment attribute.
   */
  private record Cells(Map<RollupKey, SampleStats> cells, UnitExposure standing) {

    void addExperiment(List<Event> conversions, FoldRules rules) {
      LocalDate exposedOn = day(standing.firstAt());
      if (standing.forced()) {
        add(RollupRow.FORCED, exposedOn, SampleStats.ONE_UNIT);
        return;
      }
      if (standing.multiple()) {
        add(RollupRow.MULTIPLE, exposedOn, SampleStats.ONE_UNIT);
        return;
      }
      add(RollupRow.UNITS, exposedOn, SampleStats.ONE_UNIT);
      Map<String, Double> totals = new HashMap<>();
      Map<String, Instant> firstConversion = new HashMap<>();
      for (Event c : conversions) {
        if (c.timestamp().isBefore(standing.firstAt())) {
          continue;
        }
        double before = totals.getOrDefault(c.metric(), 0.0);
        totals.put(c.metric(), before + c.value());
        boolean firstTime = firstConversion.putIfAbsent(c.metric(), c.timestamp()) == null;
        add(
            c.metric(),
            day(c.timestamp()),
            rules.conversion(c.metric(), before, c.value(), firstTime));
      }
      addFunnel(rules.funnel(), firstConversion);
    }

    /**
     * Step k is done when steps 1..k all converted; it counts on the day the last of them first
     * did.
     */
    private void addFunnel(List<String> funnel, Map<String, Instant> firstConversion) {
      Instant doneAt = Instant.MIN;
      for (int k = 0; k < funnel.size(); k++) {
        Instant at = firstConversion.get(funnel.get(k));
        if (at == null) {
          return;
        }
        doneAt = at.isAfter(doneAt) ? at : doneAt;
        add(RollupRow.FUNNEL_PREFIX + (k + 1), day(doneAt), SampleStats.ONE_UNIT);
      }
    }

    private void add(String metric, LocalDate day, SampleStats stats) {
      addCells(
          cells,
          standing.experiment(),
          standing.variant(),
          segmentValues(standing.attributes()),
          metric,
          day,
          stats);
    }
  }

  /**
   * The value of each of {@link RollupRow#SEGMENT_ATTRIBUTES} in these attributes, in that order.
   */
  static List<String> segmentValues(JsonObject attributes) {
    List<String> values = new ArrayList<>(RollupRow.SEGMENT_ATTRIBUTES.size());
    for (String attribute : RollupRow.SEGMENT_ATTRIBUTES) {
      values.add(segmentValue(attributes, attribute));
    }
    return values;
  }

  /** Adds to the row for all units and to the unit's row of every segment attribute. */
  static void addCells(
      Map<RollupKey, SampleStats> cells,
      String experiment,
      String variant,
      List<String> segmentValues,
      String metric,
      LocalDate day,
      SampleStats stats) {
    cells.merge(new RollupKey(experiment, metric, variant, day, "", ""), stats, SampleStats::plus);
    for (int i = 0; i < RollupRow.SEGMENT_ATTRIBUTES.size(); i++) {
      RollupKey key =
          new RollupKey(
              experiment,
              metric,
              variant,
              day,
              RollupRow.SEGMENT_ATTRIBUTES.get(i),
              segmentValues.get(i));
      cells.merge(key, stats, SampleStats::plus);
    }
  }
}
