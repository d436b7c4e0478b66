package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import dev.moments.server.events.EventBatchParser;
import dev.moments.server.events.Exclusion;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What one unit contributes to the rollups, computed from all of its events and the facts of their
 * experiments, nothing else (no I/O), so that the worker can add "after minus before" for the units
 * a batch touches, and the rebuild can sum it over all units.
 *
 * <p>Rules (server/README.md, "What counts"): an exposure counts only if {@link Verdicts} finds no
 * reason against it; one that does not is counted under {@code $excluded:<reason>} on its day. The
 * first exposure that counts (by timestamp, then commit order) fixes the unit's variant, day,
 * segment attributes and the ad variants it came through. A unit with any counted forced exposure
 * counts under {@code $forced}; otherwise one with counted exposures to more than one variant under
 * {@code $multiple}; both stay out of the statistics. A conversion is credited when its timestamp
 * is at or after the first exposure and it falls inside a running period (else it is counted as
 * excluded), whatever the order in which the events arrived. Metric and funnel cells are kept only
 * for units in the statistics ({@code $units}). A capped metric counts each unit's total up to its
 * cap, and the funnel is the one the experiment declares ({@link FoldRules}).
 */
final class Attribution {
  static final String NO_VALUE = "(none)";

  private static final long SECONDS_PER_DAY = 86_400;

  /**
   * The unit's cells, its standing per experiment, and the state the worker keeps to continue from
   * these events.
   */
  record Contribution(
      Map<RollupKey, SampleStats> cells, List<UnitExposure> exposures, UnitState state) {}

  private Attribution() {}

  /**
   * @param events every event of one unit, in any order
   * @param facts the experiments the events name; null for one that does not exist
   */
  static Contribution of(List<StoredEvent> events, Function<String, ExperimentFacts> facts) {
    List<StoredEvent> sorted = new ArrayList<>(events);
    sorted.sort(StoredEvent.BY_TIME);
    Map<RollupKey, SampleStats> cells = new HashMap<>();
    UnitState state = new UnitState();
    Map<String, String> firstAttributes = new LinkedHashMap<>();
    List<StoredEvent> conversions = new ArrayList<>();
    for (StoredEvent s : sorted) {
      Event e = s.event();
      state.lastAt = e.timestamp();
      state.lastSeq = s.seq();
      if (!e.isExposure()) {
        conversions.add(s);
        state.recent.note(e);
        continue;
      }
      UnitState.Standing x = state.standings.get(e.experiment());
      Exclusion excluded = Verdicts.exposure(s, facts.apply(e.experiment()));
      if (excluded != null) {
        if (!Verdicts.isRepeat(excluded, s, x)) {
          addExcluded(cells, e.experiment(), excluded, e.timestamp());
        }
      } else if (x == null) {
        state.standings.put(
            e.experiment(), state.newStanding(e, s.attributes(), facts.apply(e.experiment())));
        firstAttributes.put(e.experiment(), s.attributesText());
      } else {
        x.absorb(e);
      }
    }
    state.linkAdClicks();
    List<UnitExposure> exposures = new ArrayList<>();
    state.standings.forEach(
        (experiment, x) -> {
          exposures.add(
              x.exposure(
                  experiment, sorted.get(0).event().unitId(), firstAttributes.get(experiment)));
          addStanding(cells, experiment, x, facts.apply(experiment), conversions);
        });
    return new Contribution(cells, exposures, state);
  }

  /** The unit's cells in one experiment where it has a standing, and its credited totals. */
  private static void addStanding(
      Map<RollupKey, SampleStats> cells,
      String experiment,
      UnitState.Standing x,
      ExperimentFacts facts,
      List<StoredEvent> conversions) {
    LocalDate exposedOn = day(x.firstAt);
    UnitRows rows = UnitRows.of(experiment, x, facts);
    if (!x.counted()) {
      rows.add(
          cells, x.forced ? RollupRow.FORCED : RollupRow.MULTIPLE, exposedOn, SampleStats.ONE_UNIT);
      return;
    }
    rows.add(cells, RollupRow.UNITS, exposedOn, SampleStats.ONE_UNIT);
    facts
        .rules()
        .unitCells(x)
        .forEach((metric, stats) -> rows.add(cells, metric, exposedOn, stats));
    Map<String, Instant> firstConversion = new HashMap<>();
    for (StoredEvent s : conversions) {
      Event c = s.event();
      if (c.timestamp().isBefore(x.firstAt)) {
        continue;
      }
      Exclusion excluded = Verdicts.conversion(s, facts);
      if (excluded != null) {
        addExcluded(cells, experiment, excluded, c.timestamp());
        continue;
      }
      FoldRules rules = facts.rules();
      RatioCells.credit(cells, rows, x, rules, c.metric(), c.value(), c.timestamp());
      if (!rules.counts(c.metric(), x.firstAt, c.timestamp())) {
        continue; // outside the metric's window: not the unit's, for this metric
      }
      Double before = x.totals.get(c.metric());
      double was = before == null ? 0 : before;
      x.totals.put(c.metric(), was + c.value());
      firstConversion.putIfAbsent(c.metric(), c.timestamp());
      LocalDate day = rules.creditDay(c.metric(), x.firstAt, c.timestamp());
      NegativeTotals.credit(cells, rows, c.metric(), day, was, was + c.value());
      rows.add(
          cells,
          c.metric(),
          day,
          facts
              .rules()
              .conversion(c.metric(), before == null ? 0 : before, c.value(), before == null, x));
    }
    addFunnel(cells, rows, facts.rules().funnel(), firstConversion);
  }

  /**
   * Step k is done when steps 1..k all converted; it counts on the day the last of them first did.
   */
  private static void addFunnel(
      Map<RollupKey, SampleStats> cells,
      UnitRows rows,
      List<String> funnel,
      Map<String, Instant> firstConversion) {
    Instant doneAt = Instant.MIN;
    for (int k = 0; k < funnel.size(); k++) {
      Instant at = firstConversion.get(funnel.get(k));
      if (at == null) {
        return;
      }
      doneAt = at.isAfter(doneAt) ? at : doneAt;
      rows.add(cells, RollupRow.FUNNEL_PREFIX + (k + 1), day(doneAt), SampleStats.ONE_UNIT);
    }
  }

  /**
   * The UTC day of {@code t}. By arithmetic: {@code LocalDate.ofInstant(t, ZoneOffset.UTC)} made a
   * new ZoneRules (with its own ConcurrentHashMap) on every call, 8 % of the fold's allocation.
   */
  static LocalDate day(Instant t) {
    return LocalDate.ofEpochDay(Math.floorDiv(t.getEpochSecond(), SECONDS_PER_DAY));
  }

  /**
   * The longest segment value kept, in code points: the write paths' bound on an attribute value. A
   * longer one stored before /assign refused them (or written by hand) would otherwise stop the
   * fold for every experiment, as PostgreSQL refuses a key of over 2,704 bytes in {@code
   * rollups_pkey} and the worker retries that batch.
   */
  static final int MAX_SEGMENT_VALUE_CODE_POINTS = EventBatchParser.MAX_ATTRIBUTE_VALUE_CHARS;

  static String segmentValue(JsonObject attributes, String attribute) {
    Object v = attributes == null ? null : attributes.getValue(attribute);
    return v == null ? NO_VALUE : atMostMaxCodePoints(String.valueOf(v));
  }

  private static String atMostMaxCodePoints(String value) {
    if (value.length() <= MAX_SEGMENT_VALUE_CODE_POINTS) {
      return value;
    }
    return value.codePointCount(0, value.length()) <= MAX_SEGMENT_VALUE_CODE_POINTS
        ? value
        : value.substring(0, value.offsetByCodePoints(0, MAX_SEGMENT_VALUE_CODE_POINTS));
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

  /** One event left out, counted in its experiment's row of all units. */
  static void addExcluded(
      Map<RollupKey, SampleStats> cells, String experiment, Exclusion reason, Instant at) {
    cells.merge(
        new RollupKey(experiment, reason.metric(), "", day(at), "", ""),
        SampleStats.ONE_UNIT,
        SampleStats::plus);
  }
}
