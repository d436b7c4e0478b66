package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import dev.moments.server.events.Exclusion;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the worker keeps of one unit's folded events instead of re-reading them: per experiment the
 * standing and the running total of every credited metric, and the latest event (the mark). Folding
 * events that sort after the mark is then a continuation of {@link Attribution}'s time-ordered
 * pass, with the same cells; both share {@link Verdicts} and the standing rules here. Pure.
 */
final class UnitState {
  /**
   * A unit's standing in one experiment: set by its first exposure that counts ({@link Verdicts}),
   * with the running totals of its credited metrics (in first-credit order).
   */
  static final class Standing {
    final String variant;
    final Instant firstAt;
    boolean forced;
    boolean multiple;
    final List<String> segments;

    /** The first exposure was an ad click: the unit came through this ad variant. */
    final boolean ad;

    /**
     * The unit's ad variant in each ad experiment it had clicked through at or before this first
     * exposure (ad experiment → variant): the report's {@code ad:<experiment>} segments.
     */
    final Map<String, String> adSegments;

    final Map<String, Double> totals = new LinkedHashMap<>();

    /**
     * CUPED: each declared metric's total in the lookback before the first exposure (x₀ of its
     * covariates), fixed then; absent when 0.
     */
    final Map<String, Double> pre = new LinkedHashMap<>();

    Standing(
        String variant,
        Instant firstAt,
        boolean forced,
        boolean multiple,
        List<String> segments,
        boolean ad,
        Map<String, String> adSegments) {
      this.variant = variant;
      this.firstAt = firstAt;
      this.forced = forced;
      this.multiple = multiple;
      this.segments = segments;
      this.ad = ad;
      this.adSegments = adSegments;
    }

    boolean counted() {
      return !forced && !multiple;
    }

    /** Whether a later exposure that counts would make this standing forced or multiple. */
    boolean changedBy(Event e) {
      return (e.forced() && !forced) || (!multiple && !variant.equals(e.variant()));
    }

    void absorb(Event e) {
      forced |= e.forced();
      multiple |= !variant.equals(e.variant());
    }

    /**
     * @param attributes the first exposure's, as JSON text ({@link StoredEvent#attributesText})
     */
    UnitExposure exposure(String experiment, String unitId, String attributes) {
      return new UnitExposure(
          experiment, unitId, variant, firstAt, forced, multiple, attributes, ad);
    }
  }

  /** The latest folded event by (timestamp, seq); null time when the unit has none. */
  Instant lastAt;

  long lastSeq;
  final Map<String, Standing> standings = new LinkedHashMap<>();

  /** The unit's recent conversions per metric and day: CUPED's pre-period totals. */
  final RecentConversions recent = new RecentConversions();

  /**
   * As {@link #newStanding(Event, JsonObject)}, with the CUPED pre-period totals the experiment
   * needs.
   */
  Standing newStanding(Event first, JsonObject attributes, ExperimentFacts facts) {
    Standing x = newStanding(first, attributes);
    CupedFold cuped = facts == null ? null : facts.rules().cuped();
    if (cuped != null) {
      x.pre.putAll(cuped.preTotals(this, Attribution.day(first.timestamp())));
    }
    return x;
  }

  /**
   * The standing a first counted exposure creates, with the ad clicks of the standings before it.
   *
   * @param attributes the exposure's ({@link StoredEvent#attributes()})
   */
  Standing newStanding(Event first, JsonObject attributes) {
    return new Standing(
        first.variant(),
        first.timestamp(),
        first.forced(),
        false,
        Attribution.segmentValues(attributes),
        first.isAd(),
        adClicksUntil(first.timestamp()));
  }

  /**
   * The ad variant of every ad-click standing dated at or before {@code at}. By time, not by commit
   * order: the writer stores a request's events sorted by id, so an ad click and the landing
   * exposure the page sends with it (same timestamp) may commit in either order.
   */
  private Map<String, String> adClicksUntil(Instant at) {
    Map<String, String> adSegments = new LinkedHashMap<>();
    standings.forEach(
        (experiment, x) -> {
          if (x.ad && !x.firstAt.isAfter(at)) {
            adSegments.put(experiment, x.variant);
          }
        });
    return adSegments;
  }

  /**
   * Gives each standing the ad clicks dated at or before its first exposure, once every standing of
   * the unit is known (an ad click sharing a timestamp with a first exposure may sort after it).
   */
  void linkAdClicks() {
    standings.forEach(
        (experiment, x) -> {
          Map<String, String> clicks = adClicksUntil(x.firstAt);
          clicks.remove(experiment);
          x.adSegments.clear();
          x.adSegments.putAll(clicks);
        });
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
      Function<String, ExperimentFacts> facts,
      Map<RollupKey, SampleStats> cells,
      List<UnitExposure> exposures) {
    Event e = s.event();
    // a holdout exposure counts in its holdout like an exposure in its experiment, and one naming
    // no holdout is left out like an exposure naming no experiment (before its start)
    boolean ok =
        e.isExposure() ? addExposure(s, facts, cells, exposures) : addConversion(s, facts, cells);
    if (!e.isHoldout() && !e.isExposure()) {
      recent.note(e);
    }
    lastAt = e.timestamp();
    lastSeq = s.seq();
    return ok;
  }

  private boolean addExposure(
      StoredEvent s,
      Function<String, ExperimentFacts> facts,
      Map<RollupKey, SampleStats> cells,
      List<UnitExposure> exposures) {
    Event e = s.event();
    Standing x = standings.get(e.experiment());
    Exclusion excluded = Verdicts.exposure(s, facts.apply(e.experiment()));
    if (excluded != null) {
      if (!Verdicts.isRepeat(excluded, s, x)) {
        Attribution.addExcluded(cells, e.experiment(), excluded, e.timestamp());
      }
      return true;
    }
    if (x != null) {
      return !x.changedBy(e);
    }
    if (e.timestamp().equals(lastAt)) {
      return false;
    }
    ExperimentFacts experiment = facts.apply(e.experiment());
    x = newStanding(e, s.attributes(), experiment);
    standings.put(e.experiment(), x);
    exposures.add(x.exposure(e.experiment(), e.unitId(), s.attributesText()));
    UnitRows rows = UnitRows.of(e.experiment(), x, experiment);
    LocalDate day = Attribution.day(e.timestamp());
    rows.add(cells, x.forced ? RollupRow.FORCED : RollupRow.UNITS, day, SampleStats.ONE_UNIT);
    if (!x.forced) {
      experiment
          .rules()
          .unitCells(x)
          .forEach((metric, stats) -> rows.add(cells, metric, day, stats));
    }
    return true;
  }

  private boolean addConversion(
      StoredEvent s, Function<String, ExperimentFacts> facts, Map<RollupKey, SampleStats> cells) {
    Event c = s.event();
    for (Map.Entry<String, Standing> entry : standings.entrySet()) {
      Standing x = entry.getValue();
      if (!x.counted() || c.timestamp().isBefore(x.firstAt)) {
        continue;
      }
      ExperimentFacts experiment = facts.apply(entry.getKey());
      Exclusion excluded = Verdicts.conversion(s, experiment);
      if (excluded != null) {
        Attribution.addExcluded(cells, entry.getKey(), excluded, c.timestamp());
        continue;
      }
      FoldRules rules = experiment.rules();
      UnitRows rows = UnitRows.of(entry.getKey(), x, experiment);
      RatioCells.credit(cells, rows, x, rules, c.metric(), c.value(), c.timestamp());
      if (!rules.counts(c.metric(), x.firstAt, c.timestamp())) {
        continue; // outside the metric's window: not the unit's, for this metric
      }
      List<String> funnel = rules.funnel();
      int stepsBefore = stepsDone(funnel, x.totals);
      Double before = x.totals.get(c.metric());
      double was = before == null ? 0 : before;
      x.totals.put(c.metric(), was + c.value());
      LocalDate day = rules.creditDay(c.metric(), x.firstAt, c.timestamp());
      rows.add(
          cells, c.metric(), day, rules.conversion(c.metric(), was, c.value(), before == null, x));
      NegativeTotals.credit(cells, rows, c.metric(), day, was, was + c.value());
      for (int k = stepsBefore + 1; k <= stepsDone(funnel, x.totals); k++) {
        rows.add(
            cells,
            RollupRow.FUNNEL_PREFIX + k,
            Attribution.day(c.timestamp()),
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
}
