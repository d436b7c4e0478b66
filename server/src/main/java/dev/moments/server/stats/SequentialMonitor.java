package dev.moments.server.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The group-sequential decision rule, shared by the report and {@link AaSimulation} so the
 * simulated error rates are those of the report.
 *
 * <p>Looks: the caller passes the comparison's cumulative statistics at the end of each day, in
 * order. Look k has information fraction t_k = units / planned units, capped at 1. A day whose t
 * does not grow, or whose statistics are degenerate (no finite estimate or a standard error that is
 * not positive), is skipped: under alpha spending a skipped look costs nothing. The first look at t
 * = 1 is the final one and later days are ignored; because alpha spending gives the whole alpha at
 * t = 1, the final look uses all the alpha that is left.
 *
 * <p>Decision: the test stops at the first look with |z| >= its boundary (z = estimate / standard
 * error), in the direction of z, and that decision stands whatever later days show. If the final
 * look is reached without a crossing, the outcome is {@link Outcome#NO_DIFFERENCE}. The interval is
 * the repeated confidence interval at the latest look, estimate +- boundary * standard error
 * (Jennison and Turnbull ch. 9): all of them cover the true value together with probability at
 * least 1 - alpha, so the one shown is safe to read on any day.
 *
 * <p>Thread-safe. Keeps the last boundaries it computed and reuses them (or their prefix) for the
 * same looks, which is what makes a day-by-day timeline and the simulation cheap.
 */
public final class SequentialMonitor {

  /** Where a comparison stands. */
  public enum Outcome {
    CONTINUE,
    /** Crossed the upper boundary: the treatment's estimate is significantly above control. */
    INCREASE,
    /** Crossed the lower boundary. */
    DECREASE,
    /** Reached the planned sample (t = 1) without crossing. */
    NO_DIFFERENCE
  }

  /**
   * Cumulative statistics of one comparison at the end of a day: units of both arms, and an
   * estimate with its standard error (the report uses {@link #ofLift}).
   */
  public record Observation(double units, double estimate, double standardError) {

    /**
     * The report's observation: the log ratio of the arm means ({@link LiftEstimate#logRatio}). The
     * repeated interval is then on the log scale; {@link LiftEstimate#relativeFromLog} turns it
     * into one for the relative lift. A null lift (no comparison that day) is a skipped look.
     */
    public static Observation ofLift(double units, LiftEstimate lift) {
      if (lift == null) {
        return new Observation(units, Double.NaN, Double.NaN);
      }
      Estimate log = lift.logRatio();
      return new Observation(units, log.estimate(), log.standardError());
    }
  }

  /**
   * @param error null, or {@link #NO_LOOK} when no day has usable statistics yet
   * @param outcome the decision; never {@link Outcome#CONTINUE} once {@code isFinal}
   * @param isFinal the outcome can no longer change (a boundary was crossed, or t reached 1)
   * @param latest the latest look taken (null when none)
   * @param decidedAtLook the 1-based look that crossed, 0 when none did
   * @param repeatedCi the repeated confidence interval at the latest look, on the scale of the
   *     observations' estimates (infinite ends while no stop is possible)
   * @param boundaries the boundaries of the looks taken, for drawing
   * @param lookDays for each look taken, the 0-based index of its day among the days passed
   * @param takenBefore how many of the looks (the first ones) were taken before, as recorded
   */
  public record Result(
      String error,
      Outcome outcome,
      boolean isFinal,
      SequentialLook latest,
      int decidedAtLook,
      Interval repeatedCi,
      Boundaries boundaries,
      List<Integer> lookDays,
      int takenBefore) {

    public Result {
      lookDays = List.copyOf(lookDays);
    }

    /** No look taken: {@code error} says why. */
    public static Result none(String error) {
      return new Result(error, Outcome.CONTINUE, false, null, 0, null, null, List.of(), 0);
    }
  }

  /**
   * A look taken before and recorded as it was: what a sequential design requires (as rpact's
   * designs treat performed looks, the information at each is fixed). Data that arrive later for
   * its day enter the next look's cumulative data, never this one.
   *
   * @param day the 0-based index of its day among the days passed
   * @param observation what the monitor read at that look
   * @param informationFraction its t then (the plan may have moved since)
   * @param zBoundary the boundary it had ({@link Double#POSITIVE_INFINITY}: no stop possible)
   * @param alphaSpent the cumulative alpha spent by it
   */
  public record TakenLook(
      int day,
      Observation observation,
      double informationFraction,
      double zBoundary,
      double alphaSpent) {}

  public static final String NO_LOOK = "no_look_yet";

  private final double alpha;
  private final Spending spending;
  private volatile Boundaries cached;

  /**
   * @param alpha two-sided level of this comparison (see {@link #comparisonAlpha})
   */
  public SequentialMonitor(double alpha, Spending spending) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0,1), got " + alpha);
    }
    this.alpha = alpha;
    this.spending = spending;
  }

  /**
   * The level each comparison's design uses: alpha / m for m comparisons when the experiment
   * corrects for multiple comparisons (holm or bh), alpha when it does not. See the README's
   * Statistics section for why Bonferroni and not Holm or BH inside a sequential design.
   */
  public static double comparisonAlpha(double alpha, int comparisons, Correction correction) {
    if (comparisons < 1) {
      throw new IllegalArgumentException("comparisons must be at least 1, got " + comparisons);
    }
    return correction == Correction.NONE ? alpha : alpha / comparisons;
  }

  public Result evaluate(double plannedUnits, List<Observation> days) {
    return evaluate(plannedUnits, days, List.of());
  }

  /**
   * As {@link #evaluate(double, List)} after the looks already taken: they stay as recorded (their
   * observation, fraction and boundary), and a new look is a day after the last of them whose
   * fraction grew past its fraction. Once a look at t = 1 was taken, no other is.
   *
   * @param taken the looks taken before, in order of their days and fractions
   */
  public Result evaluate(double plannedUnits, List<Observation> days, List<TakenLook> taken) {
    return evaluate(OptionalDouble.of(plannedUnits), days, taken);
  }

  /**
   * As {@link #evaluate(double, List, List)}; without a plan (none from a baseline any more) the
   * looks taken stay and no new one is taken: a day's information fraction is undefined.
   *
   * @param plannedUnits empty: no plan, {@code days} are not read
   */
  public Result evaluate(
      OptionalDouble plannedUnits, List<Observation> days, List<TakenLook> taken) {
    double planned = plannedUnits.orElse(1);
    if (!(planned > 0 && Double.isFinite(planned))) {
      throw new IllegalArgumentException("planned units must be positive, got " + planned);
    }
    List<Observation> looks = new ArrayList<>();
    List<Double> fractions = new ArrayList<>();
    List<Integer> lookDays = new ArrayList<>();
    double previous = 0;
    int firstNew = 0;
    for (TakenLook look : taken) {
      if (!(look.informationFraction() > previous) || look.day() < firstNew) {
        throw new IllegalArgumentException("taken looks must grow in day and fraction: " + taken);
      }
      looks.add(look.observation());
      fractions.add(look.informationFraction());
      lookDays.add(look.day());
      previous = look.informationFraction();
      firstNew = look.day() + 1;
    }
    int newDays = plannedUnits.isPresent() ? days.size() : 0;
    for (int d = firstNew; d < newDays && previous < 1; d++) {
      Observation day = days.get(d);
      double t = Math.min(1, day.units() / planned);
      if (!usable(day) || !(t > previous)) {
        continue;
      }
      looks.add(day);
      fractions.add(t);
      lookDays.add(d);
      previous = t;
      if (t == 1) {
        break;
      }
    }
    if (looks.isEmpty()) {
      return Result.none(NO_LOOK);
    }
    Boundaries boundaries =
        asTaken(boundaries(fractions.stream().mapToDouble(Double::doubleValue).toArray()), taken);
    return decide(looks, boundaries, previous == 1, lookDays, taken.size());
  }

  /**
   * The looks taken before keep the boundary and alpha they had. For the same design these are the
   * ones computed again (a look's boundary depends on the fractions up to it alone); kept as
   * recorded, a past decision cannot move with the arithmetic either.
   */
  private static Boundaries asTaken(Boundaries computed, List<TakenLook> taken) {
    if (taken.isEmpty()) {
      return computed;
    }
    double[] z = computed.z();
    double[] spent = computed.alphaSpent();
    for (int k = 0; k < taken.size(); k++) {
      z[k] = taken.get(k).zBoundary();
      spent[k] = taken.get(k).alphaSpent();
    }
    return new Boundaries(computed.informationFractions(), z, spent);
  }

  private Result decide(
      List<Observation> looks,
      Boundaries boundaries,
      boolean reachedPlan,
      List<Integer> days,
      int takenBefore) {
    Outcome outcome = Outcome.CONTINUE;
    int decidedAt = 0;
    SequentialLook latest = null;
    for (int k = 0; k < looks.size(); k++) {
      Observation o = looks.get(k);
      latest =
          new SequentialLook(
              SequentialLook.GROUP_SEQUENTIAL,
              k + 1,
              boundaries.informationFraction(k),
              boundaries.z(k),
              boundaries.alphaSpent(k),
              o.estimate() / o.standardError());
      if (decidedAt == 0 && latest.crossed()) {
        decidedAt = k + 1;
        outcome = latest.z() > 0 ? Outcome.INCREASE : Outcome.DECREASE;
      }
    }
    if (decidedAt == 0 && reachedPlan) {
      outcome = Outcome.NO_DIFFERENCE;
    }
    Observation last = looks.get(looks.size() - 1);
    double halfWidth = latest.zBoundary() * last.standardError();
    Interval ci = new Interval(last.estimate() - halfWidth, last.estimate() + halfWidth);
    return new Result(
        null,
        outcome,
        outcome != Outcome.CONTINUE,
        latest,
        decidedAt,
        ci,
        boundaries,
        days,
        takenBefore);
  }

  private static boolean usable(Observation day) {
    return Double.isFinite(day.estimate())
        && day.standardError() > 0
        && Double.isFinite(day.standardError())
        && day.units() > 0;
  }

  private Boundaries boundaries(double[] t) {
    Boundaries known = cached;
    if (known != null && known.looks() >= t.length) {
      double[] knownT = known.informationFractions();
      if (Arrays.equals(Arrays.copyOf(knownT, t.length), t)) {
        return known.looks() == t.length ? known : known.prefix(t.length);
      }
    }
    Boundaries computed = GroupSequentialDesign.boundaries(t, alpha, spending);
    cached = computed;
    return computed;
  }
}
