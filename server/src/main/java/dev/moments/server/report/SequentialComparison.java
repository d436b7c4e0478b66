package dev.moments.server.report;

import dev.moments.server.stats.Estimate;
import dev.moments.server.stats.Interval;
import dev.moments.server.stats.LiftEstimate;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.SequentialLook;
import dev.moments.server.stats.SequentialMonitor;
import dev.moments.server.stats.SequentialMonitor.Observation;
import dev.moments.server.stats.SequentialMonitor.Outcome;
import dev.moments.server.stats.Spending;
import dev.moments.server.store.SequentialLooks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One comparison read by the group-sequential monitor: the looks are the completed days (the
 * cumulative data at 00:00 UTC after each day before {@code today}), t = the two arms' units /
 * their planned units. The live figures (today's data included) are preliminary; the decision and
 * the interval are the latest look's.
 *
 * @param result the monitor's
 * @param relativeCi the repeated interval of the relative lift at the latest look; null before the
 *     first look or while no stop is possible (infinite boundary)
 * @param absoluteCi the same boundary on the absolute difference at the latest look; null likewise
 * @param preliminary the live figures include data after the latest look (the cumulative data now
 *     differ from the latest look's)
 * @param looks by day index: the look taken that day
 * @param history every look in order: the recorded ones as recorded, then those this reading takes
 *     (when it records: {@link #newLooks})
 */
record SequentialComparison(
    SequentialMonitor.Result result,
    Interval relativeCi,
    Interval absoluteCi,
    boolean preliminary,
    Map<Integer, LookPoint> looks,
    List<SequentialLooks.Look> history) {

  /** No plan from a baseline yet: the information fraction is undefined, no look is taken. */
  static final String NO_PLAN = "no_plan_yet";

  /**
   * One look as the timeline draws it.
   *
   * @param relativeCi null while no stop is possible
   */
  record LookPoint(double z, double zBoundary, Interval relativeCi) {}

  boolean decided() {
    return result.decidedAtLook() > 0;
  }

  boolean isFinal() {
    return result.isFinal();
  }

  /** +1 when the crossing was upwards, -1 downwards; 0 before any crossing. */
  int crossingSign() {
    return result.outcome() == Outcome.INCREASE ? 1 : result.outcome() == Outcome.DECREASE ? -1 : 0;
  }

  SequentialLook latest() {
    return result.latest();
  }

  /**
   * One day's reading for the monitor.
   *
   * @param lift null where no comparison is possible
   * @param cupedFallback why CUPED could not adjust it (the lift is then the unadjusted one); null
   *     when it adjusted or CUPED is off
   */
  record LookLift(LiftEstimate lift, String cupedFallback) {}

  /**
   * What a new look is recorded with.
   *
   * @param alpha the comparison's level (the design's)
   * @param recordedAt when this report takes it; null: it is not recorded (a segment, a range)
   */
  record Design(
      String metric, String variant, double alpha, Spending spending, Instant recordedAt) {}

  /**
   * The monitor's reading after the looks already taken ({@code recorded}, kept as they were): a
   * day's data that arrived after its look enter the next look's cumulative data.
   *
   * @param plannedUnits the comparison's planned units; empty when there is no plan from a baseline
   *     (yet, or any more): its recorded looks stay and no new one is taken
   * @param lifts each complete day's reading, one per day before the first day that is no look
   * @param recorded the comparison's recorded looks, in order of their days
   * @param design what a new look is recorded with; null: no look is listed in the history
   */
  static SequentialComparison of(
      SequentialMonitor monitor,
      OptionalDouble plannedUnits,
      List<LocalDate> days,
      SampleStats[] control,
      SampleStats[] treatment,
      List<LookLift> lifts,
      List<SequentialLooks.Look> recorded,
      Design design) {
    if (plannedUnits.isEmpty() && recorded.isEmpty()) {
      return new SequentialComparison(
          SequentialMonitor.Result.none(NO_PLAN), null, null, true, Map.of(), List.of());
    }
    List<Observation> observations = observations(control, treatment, lifts);
    Recorded taken = Recorded.of(days, recorded);
    // no plan now (a baseline lost?): the looks taken stay, and no new one is taken
    SequentialMonitor.Result result = monitor.evaluate(plannedUnits, observations, taken.looks());
    Map<Integer, LookPoint> looks = new HashMap<>();
    List<SequentialLooks.Look> history =
        timeline(result, taken, observations, lifts, days, design, looks);
    if (result.latest() == null) {
      return new SequentialComparison(result, null, null, true, looks, history);
    }
    int latest = result.lookDays().size() - 1;
    int lastDay = result.lookDays().get(latest);
    boolean wasRecorded = latest < taken.size();
    return new SequentialComparison(
        result,
        finite(result.repeatedCi()) ? relative(result.repeatedCi()) : null,
        absoluteCi(result, wasRecorded ? taken.absolute(latest) : null, lifts, lastDay),
        preliminary(
            control,
            treatment,
            days.size() - 1,
            lastDay,
            wasRecorded ? taken.kept().get(latest).units() : Double.NaN),
        looks,
        history);
  }

  /**
   * Puts each look's point in {@code looks}; the history: the recorded looks, then those this
   * reading takes (none without a design).
   */
  private static List<SequentialLooks.Look> timeline(
      SequentialMonitor.Result result,
      Recorded taken,
      List<Observation> observations,
      List<LookLift> lifts,
      List<LocalDate> days,
      Design design,
      Map<Integer, LookPoint> looks) {
    List<SequentialLooks.Look> history = new ArrayList<>(taken.kept());
    for (int k = 0; k < result.lookDays().size(); k++) {
      int day = result.lookDays().get(k);
      Observation o = k < taken.size() ? taken.observation(k) : observations.get(day);
      double boundary = result.boundaries().z(k);
      looks.put(day, new LookPoint(o.estimate() / o.standardError(), boundary, logCi(o, boundary)));
      if (k >= taken.size() && design != null) {
        history.add(newLook(design, days.get(day), k, o, result, lifts.get(day)));
      }
    }
    return history;
  }

  /** Each complete day's cumulative units and lift, as the monitor reads them. */
  private static List<Observation> observations(
      SampleStats[] control, SampleStats[] treatment, List<LookLift> lifts) {
    List<Observation> observations = new ArrayList<>();
    for (LookLift day : lifts) {
      observations.add(
          Observation.ofLift(
              control[observations.size()].n() + treatment[observations.size()].n(), day.lift()));
    }
    return observations;
  }

  /** The recorded looks whose days lie in the timeline, and the monitor's view of each. */
  private record Recorded(
      List<SequentialLooks.Look> kept, List<SequentialMonitor.TakenLook> looks) {
    static Recorded of(List<LocalDate> days, List<SequentialLooks.Look> recorded) {
      List<SequentialMonitor.TakenLook> taken = new ArrayList<>();
      List<SequentialLooks.Look> kept = new ArrayList<>();
      for (SequentialLooks.Look look : recorded) {
        int day = days.indexOf(look.day());
        if (day >= 0) { // a recorded day always lies in the timeline, which starts at the start
          kept.add(look);
          taken.add(
              new SequentialMonitor.TakenLook(
                  day,
                  new Observation(look.units(), look.estimate(), look.standardError()),
                  look.informationFraction(),
                  look.zBoundary(),
                  look.alphaSpent()));
        }
      }
      return new Recorded(kept, taken);
    }

    int size() {
      return kept.size();
    }

    Observation observation(int k) {
      return looks.get(k).observation();
    }

    /** The absolute difference as the k-th recorded look took it. */
    Estimate absolute(int k) {
      SequentialLooks.Look look = kept.get(k);
      return new Estimate(look.absoluteEstimate(), look.absoluteStandardError(), Double.NaN);
    }
  }

  /**
   * The latest look's boundary on the absolute difference: as recorded ({@code recorded}), or as
   * this reading's lift of that day has it; null while no stop is possible.
   */
  private static Interval absoluteCi(
      SequentialMonitor.Result result, Estimate recorded, List<LookLift> lifts, int lastDay) {
    Estimate absolute = recorded != null ? recorded : lifts.get(lastDay).lift().absolute();
    double boundary = result.latest().zBoundary();
    return Double.isFinite(boundary) && Double.isFinite(absolute.standardError())
        ? around(absolute.estimate(), boundary * absolute.standardError())
        : null;
  }

  /**
   * Whether the live data (day {@code live}'s) differ from the latest look's, taken on {@code
   * lastDay} with {@code recordedUnits} (NaN: taken by this reading, of that day's units).
   */
  private static boolean preliminary(
      SampleStats[] control, SampleStats[] treatment, int live, int lastDay, double recordedUnits) {
    double lookUnits =
        Double.isNaN(recordedUnits) ? control[lastDay].n() + treatment[lastDay].n() : recordedUnits;
    return !control[live].equals(control[lastDay])
        || !treatment[live].equals(treatment[lastDay])
        || lookUnits != control[live].n() + treatment[live].n();
  }

  /** The looks this reading takes: those after the recorded ones; none when it records none. */
  List<SequentialLooks.Look> newLooks() {
    return history.subList(result.takenBefore(), history.size());
  }

  /** The latest look's CUPED fallback (why it read the unadjusted lift); null when none. */
  String cupedFallback() {
    return history.isEmpty() ? null : history.get(history.size() - 1).cupedFallback();
  }

  private static SequentialLooks.Look newLook(
      Design design,
      LocalDate day,
      int k,
      Observation o,
      SequentialMonitor.Result result,
      LookLift lift) {
    Estimate absolute = lift.lift().absolute();
    return new SequentialLooks.Look(
        design.metric(),
        design.variant(),
        day,
        k + 1,
        o.units(),
        o.estimate(),
        o.standardError(),
        absolute.estimate(),
        absolute.standardError(),
        result.boundaries().informationFraction(k),
        result.boundaries().z(k),
        result.boundaries().alphaSpent(k),
        design.alpha(),
        design.spending().apiName(),
        lift.cupedFallback(),
        design.recordedAt());
  }

  private static Interval logCi(Observation o, double boundary) {
    if (!Double.isFinite(boundary)) {
      return null;
    }
    return relative(around(o.estimate(), boundary * o.standardError()));
  }

  private static Interval around(double center, double halfWidth) {
    return new Interval(center - halfWidth, center + halfWidth);
  }

  private static Interval relative(Interval log) {
    return LiftEstimate.relativeFromLog(log);
  }

  private static boolean finite(Interval ci) {
    return ci != null && Double.isFinite(ci.low()) && Double.isFinite(ci.high());
  }
}
