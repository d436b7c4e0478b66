package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import dev.moments.server.stats.SampleStats;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the worker keeps of one unit's folded events instead of re-reading them: per experiment the
 * standing and the running total of every credited metric, and the latest event (the mark). Folding
 * events that sort after the mark is then a continuation of {@link Attribution}'s time-ordered
 * pass, with the same cells. Pure.
 */
final class UnitState {
  /**
   * A unit's standing in one experiment and its credited metrics' totals (in first-credit order).
   */
  static final class Standing {
    final String variant;
    final Instant firstAt;
    boolean forced;
    boolean multiple;
    final List<String> segments;
    final Map<String, Double> totals = new LinkedHashMap<>();

    Standing(
        String variant, Instant firstAt, boolean forced, boolean multiple, List<String> segments) {
      this.variant = variant;
      this.firstAt = firstAt;
      this.forced = forced;
      this.multiple = multiple;
      this.segments = segments;
    }

    boolean counted() {
      return !forced && !multiple;
    }
  }

  /** The latest folded event by (timestamp, seq); null time when the unit has none. */
  Instant lastAt;

  long lastSeq;
  final Map<String, Standing> standings = new LinkedHashMap<>();

  /** The state after exactly these events (any order), computed like {@link Attribution#of}. */
  static UnitState of(List<StoredEvent> events) {
    List<StoredEvent> sorted = new ArrayList<>(events);
    sorted.sort(StoredEvent.BY_TIME);
    UnitState state = new UnitState();
    for (StoredEvent s : sorted) {
      Event e = s.event();
      if (e.isExposure()) {
        Standing x = state.standings.get(e.experiment());
        if (x == null) {
          state.standings.put(e.experiment(), standing(e));
        } else {
          x.forced |= e.forced();
          x.multiple |= !x.variant.equals(e.variant());
        }
      }
      state.lastAt = e.timestamp();
      state.lastSeq = s.seq();
    }
    for (StoredEvent s : sorted) {
      if (!s.event().isExposure()) {
        state
            .standings
            .values()
            .forEach(
                x -> {
                  if (x.counted() && !s.event().timestamp().isBefore(x.firstAt)) {
                    x.totals.merge(s.event().metric(), s.event().value(), Double::sum);
                  }
                });
      }
    }
    return state;
  }

  private static Standing standing(Event first) {
    return new Standing(
        first.variant(),
        first.timestamp(),
        first.forced(),
        false,
        Attribution.segmentValues(first.attributes()));
  }

  /**
   * Whether the event sorts after every folded one; one before them only a recount from raw events
   * can place.
   */
  boolean isAfterMark(StoredEvent e) {
    if (lastAt == null) {
      return true;
    }
    int c = e.event().timestamp().compareTo(lastAt);
    return c > 0 || (c == 0 && e.seq() > lastSeq);
  }

  /**
   * Folds one event that sorts after the mark, adding its cells and any new standing.
   *
   * @return false when the change is not an increment (a standing turns forced or multiple, or a
   *     first exposure shares its timestamp with an earlier event, which may then be a conversion
   *     to credit): the caller then recounts the unit from its raw events and drops this state
   */
  boolean add(
      StoredEvent s,
      Function<String, FoldRules> rules,
      Map<RollupKey, SampleStats> cells,
      List<UnitExposure> exposures) {
    Event e = s.event();
    boolean ok = e.isExposure() ? addExposure(e, cells, exposures) : addConversion(e, rules, cells);
    lastAt = e.timestamp();
    lastSeq = s.seq();
    return ok;
  }

  private boolean addExposure(
      Event e, Map<RollupKey, SampleStats> cells, List<UnitExposure> exposures) {
    Standing x = standings.get(e.experiment());
    if (x != null) {
      return x.forced == (x.forced | e.forced())
          && x.multiple == (x.multiple || !x.variant.equals(e.variant()));
    }
    if (e.timestamp().equals(lastAt)) {
      return false;
    }
    x = standing(e);
    standings.put(e.experiment(), x);
    exposures.add(
        new UnitExposure(
            e.experiment(),
            e.unitId(),
            e.variant(),
            e.timestamp(),
            e.forced(),
            false,
            e.attributes()));
    add(
        cells,
        e.experiment(),
        x,
        x.forced ? RollupRow.FORCED : RollupRow.UNITS,
        e.timestamp(),
        SampleStats.ONE_UNIT);
    return true;
  }

  private boolean addConversion(
      Event c, Function<String, FoldRules> rules, Map<RollupKey, SampleStats> cells) {
    for (Map.Entry<String, Standing> entry : standings.entrySet()) {
      Standing x = entry.getValue();
      if (!x.counted() || c.timestamp().isBefore(x.firstAt)) {
        continue;
      }
      FoldRules experiment = rules.apply(entry.getKey());
      List<String> funnel = experiment.funnel();
      int stepsBefore = stepsDone(funnel, x.totals);
      Double before = x.totals.get(c.metric());
      double was = before == null ? 0 : before;
      x.totals.put(c.metric(), was + c.value());
      add(
          cells,
          entry.getKey(),
          x,
          c.metric(),
          c.timestamp(),
          experiment.conversion(c.metric(), was, c.value(), before == null));
      for (int k = stepsBefore + 1; k <= stepsDone(funnel, x.totals); k++) {
        add(
            cells,
            entry.getKey(),
            x,
            RollupRow.FUNNEL_PREFIX + k,
            c.timestamp(),
            SampleStats.ONE_UNIT);
      }
    }
    return true;
  }

  /** How many funnel steps, from the first, have all converted. */
  private static int stepsDone(List<String> funnel, Map<String, Double> totals) {
    int k = 0;
    while (k < funnel.size() && totals.containsKey(funnel.get(k))) {
      k++;
    }
    return k;
  }

  private static void add(
      Map<RollupKey, SampleStats> cells,
      String experiment,
      Standing x,
      String metric,
      Instant at,
      SampleStats stats) {
    Attribution.addCells(
        cells, experiment, x.variant, x.segments, metric, Attribution.day(at), stats);
  }
}
