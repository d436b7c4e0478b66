package dev.moments.server.report;

import dev.moments.server.stats.Estimate;
import dev.moments.server.stats.Interval;
import dev.moments.server.stats.LiftEstimate;
import dev.moments.server.stats.MetricType;
import dev.moments.server.stats.SampleStats;
import dev.moments.server.stats.SequentialLook;
import dev.moments.server.stats.SequentialMonitor;
import dev.moments.server.stats.SequentialMonitor.Observation;
import dev.moments.server.stats.SequentialMonitor.Outcome;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 */
record SequentialComparison(
    SequentialMonitor.Result result,
    Interval relativeCi,
    Interval absoluteCi,
    boolean preliminary,
    Map<Integer, LookPoint> looks) {

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
   * @param days the timeline's days; only those before {@code today} are looks
   * @param control the control's cumulative sample at the end of each day
   * @param treatment the treatment's likewise
   * @param plannedUnits the two arms' planned units; null when the plan is a fallback
   */
  static SequentialComparison of(
      SequentialMonitor monitor,
      Double plannedUnits,
      List<LocalDate> days,
      LocalDate today,
      SampleStats[] control,
      SampleStats[] treatment,
      MetricType type) {
    List<LiftEstimate> lifts = new ArrayList<>();
    for (int d = 0; d < days.size() && days.get(d).isBefore(today); d++) {
      lifts.add(LiftEstimate.between(control[d], treatment[d], type));
    }
    return of(monitor, plannedUnits, days, control, treatment, lifts);
  }

  /**
   * As above with each look's lift given (CUPED's adjusted one, so the monitor reads the adjusted
   * z), one per day before today; null where no comparison is possible.
   */
  static SequentialComparison of(
      SequentialMonitor monitor,
      Double plannedUnits,
      List<LocalDate> days,
      SampleStats[] control,
      SampleStats[] treatment,
      List<LiftEstimate> lifts) {
    if (plannedUnits == null) {
      SequentialMonitor.Result none =
          new SequentialMonitor.Result(
              NO_PLAN, Outcome.CONTINUE, false, null, 0, null, null, List.of());
      return new SequentialComparison(none, null, null, true, Map.of());
    }
    List<Observation> observations = new ArrayList<>();
    for (int d = 0; d < lifts.size(); d++) {
      observations.add(Observation.ofLift(control[d].n() + treatment[d].n(), lifts.get(d)));
    }
    SequentialMonitor.Result result = monitor.evaluate(plannedUnits, observations);
    Map<Integer, LookPoint> looks = new HashMap<>();
    for (int k = 0; k < result.lookDays().size(); k++) {
      int day = result.lookDays().get(k);
      Observation o = observations.get(day);
      double boundary = result.boundaries().z(k);
      looks.put(day, new LookPoint(o.estimate() / o.standardError(), boundary, logCi(o, boundary)));
    }
    if (result.latest() == null) {
      return new SequentialComparison(result, null, null, true, looks);
    }
    int lastDay = result.lookDays().get(result.lookDays().size() - 1);
    Estimate absolute = lifts.get(lastDay).absolute();
    double boundary = result.latest().zBoundary();
    Interval absoluteCi =
        Double.isFinite(boundary)
            ? around(absolute.estimate(), boundary * absolute.standardError())
            : null;
    Interval relativeCi = finite(result.repeatedCi()) ? relative(result.repeatedCi()) : null;
    int live = days.size() - 1;
    boolean preliminary =
        !control[live].equals(control[lastDay]) || !treatment[live].equals(treatment[lastDay]);
    return new SequentialComparison(result, relativeCi, absoluteCi, preliminary, looks);
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
