package dev.moments.server.stats;

import dev.moments.server.stats.SequentialMonitor.Observation;
import dev.moments.server.stats.SequentialMonitor.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The group-sequential rows of {@link AaSimulation}: O'Brien-Fleming spending with and without
 * CUPED, read every day by {@link SequentialMonitor} exactly as the report reads it (day by day
 * until the outcome is final), on the log ratio of the arm means ({@link LiftEstimate#logRatio}).
 * Units carry one binary covariate explaining {@code explainedVariance} of the metric's variance in
 * control ({@link SimulatedTraffic.CovariateModel}); the test without CUPED ignores it.
 */
final class SequentialRows {

  private SequentialRows() {}

  static List<AaSimulation.Row> run(
      AaSimulation.Config c,
      PowerCalculator.SampleSize fixed,
      double inflation,
      SplittableRandom random) {
    long planned = PowerCalculator.sequentialPlan(fixed, inflation, 0).unitsPerVariant();
    long reduced =
        PowerCalculator.sequentialPlan(fixed, inflation, c.explainedVariance()).unitsPerVariant();
    long fixedUnits = fixed.unitsPerVariant();
    RowTally plain = new RowTally("group-sequential OBF", planned, fixedUnits);
    RowTally cuped = new RowTally("group-sequential OBF + CUPED", planned, fixedUnits);
    RowTally cupedPlan =
        new RowTally("group-sequential OBF + CUPED, plan x (1 - R²)", reduced, fixedUnits);
    SequentialMonitor[] monitors = new SequentialMonitor[3];
    for (int m = 0; m < monitors.length; m++) {
      monitors[m] = new SequentialMonitor(c.alpha(), Spending.OBRIEN_FLEMING);
    }
    SimulatedTraffic.CovariateModel control =
        SimulatedTraffic.CovariateModel.forExplainedVariance(c.baseline(), c.explainedVariance());
    SimulatedTraffic.CovariateModel treated = control.scaled(1 + c.mde());
    for (int i = 0; i < c.experiments(); i++) {
      for (boolean effect : new boolean[] {false, true}) {
        SimulatedTraffic.CovariateModel treatment = effect ? treated : control;
        List<CupedResult> days =
            comparisons(random.split(), c, planned, control, List.of(treatment)).get(0);
        tally(plain, monitors[0], days, false, planned, c, effect);
        tally(cuped, monitors[1], days, true, planned, c, effect);
        List<CupedResult> smaller =
            comparisons(random.split(), c, reduced, control, List.of(treatment)).get(0);
        tally(cupedPlan, monitors[2], smaller, true, reduced, c, effect);
      }
    }
    return List.of(plain.row(), cuped.row(), cupedPlan.row());
  }

  /**
   * A/A/A/A: three treatments that equal control, each compared with control by its own design at
   * alpha / 3 (the correction holm / bh gets), planned for that level. The family-wise error is the
   * share of experiments in which any comparison ever crossed: without CUPED, then with.
   */
  static AaSimulation.Share[] familyWise(AaSimulation.Config c, SplittableRandom random) {
    int m = c.treatmentsForFamilyWise();
    double alpha = SequentialMonitor.comparisonAlpha(c.alpha(), m, Correction.HOLM);
    PowerCalculator.SampleSize fixed =
        PowerCalculator.binomial(c.baseline(), c.mde(), alpha, c.power());
    double inflation =
        PowerCalculator.inflationFactor(Spending.OBRIEN_FLEMING, c.days(), alpha, c.power());
    long planned = PowerCalculator.sequentialPlan(fixed, inflation, 0).unitsPerVariant();
    SimulatedTraffic.CovariateModel arm =
        SimulatedTraffic.CovariateModel.forExplainedVariance(c.baseline(), c.explainedVariance());
    SequentialMonitor plainMonitor = new SequentialMonitor(alpha, Spending.OBRIEN_FLEMING);
    SequentialMonitor cupedMonitor = new SequentialMonitor(alpha, Spending.OBRIEN_FLEMING);
    long plain = 0;
    long cuped = 0;
    List<SimulatedTraffic.CovariateModel> treatments = new ArrayList<>();
    for (int j = 0; j < m; j++) {
      treatments.add(arm);
    }
    for (int i = 0; i < c.experiments(); i++) {
      boolean anyPlain = false;
      boolean anyCuped = false;
      for (List<CupedResult> days : comparisons(random.split(), c, planned, arm, treatments)) {
        anyPlain |=
            stop(plainMonitor, 2.0 * planned, observations(days, false, planned, c))
                    .result()
                    .decidedAtLook()
                > 0;
        anyCuped |=
            stop(cupedMonitor, 2.0 * planned, observations(days, true, planned, c))
                    .result()
                    .decidedAtLook()
                > 0;
      }
      plain += anyPlain ? 1 : 0;
      cuped += anyCuped ? 1 : 0;
    }
    return new AaSimulation.Share[] {
      new AaSimulation.Share(plain, c.experiments()), new AaSimulation.Share(cuped, c.experiments())
    };
  }

  /**
   * 100 Brownian paths per experiment through the looks of the group-sequential row (its t_k =
   * units / planned): the share that ever crosses is the boundaries' own error rate, free of the
   * data's normal approximation.
   */
  static AaSimulation.Share brownian(
      AaSimulation.Config c,
      PowerCalculator.SampleSize fixed,
      double inflation,
      SplittableRandom random) {
    long planned = PowerCalculator.sequentialPlan(fixed, inflation, 0).unitsPerVariant();
    double[] t = new double[c.days()];
    for (int k = 0; k < t.length; k++) {
      t[k] = Math.min(1, (double) perArm(planned, c) * (k + 1) / planned);
    }
    Boundaries b = GroupSequentialDesign.boundaries(t, c.alpha(), Spending.OBRIEN_FLEMING);
    long paths = 100L * c.experiments();
    long crossed = SimulatedTraffic.brownianCrossings(b, paths, random);
    return new AaSimulation.Share(crossed, paths);
  }

  private static void tally(
      RowTally tally,
      SequentialMonitor monitor,
      List<CupedResult> days,
      boolean adjusted,
      long planned,
      AaSimulation.Config c,
      boolean effect) {
    Stop stop = stop(monitor, 2.0 * planned, observations(days, adjusted, planned, c));
    SequentialMonitor.Result r = stop.result();
    if (!effect) {
      tally.aa(r.decidedAtLook() > 0);
      return;
    }
    boolean covers =
        r.repeatedCi() != null && LiftEstimate.relativeFromLog(r.repeatedCi()).contains(c.mde());
    tally.ab(r.outcome() == Outcome.INCREASE, perArm(planned, c) * (stop.day() + 1.0), covers);
  }

  /**
   * The monitor read day by day, as the report does, until its outcome is final.
   *
   * @param plannedUnits both arms' planned units
   */
  private static Stop stop(SequentialMonitor monitor, double plannedUnits, List<Observation> days) {
    SequentialMonitor.Result r = null;
    for (int d = 0; d < days.size(); d++) {
      r = monitor.evaluate(plannedUnits, days.subList(0, d + 1));
      if (r.isFinal()) {
        return new Stop(d, r);
      }
    }
    return new Stop(days.size() - 1, r);
  }

  private record Stop(int day, SequentialMonitor.Result result) {}

  private static long perArm(long planned, AaSimulation.Config c) {
    return (planned + c.days() - 1) / c.days();
  }

  private static List<Observation> observations(
      List<CupedResult> days, boolean adjusted, long planned, AaSimulation.Config c) {
    List<Observation> looks = new ArrayList<>();
    for (int d = 0; d < days.size(); d++) {
      CupedResult r = days.get(d);
      double units = 2.0 * perArm(planned, c) * (d + 1);
      looks.add(Observation.ofLift(units, adjusted ? r.adjusted() : r.unadjusted()));
    }
    return looks;
  }

  /**
   * One experiment: a control and some treatments, each day's cumulative comparison of every
   * treatment with control.
   */
  private static List<List<CupedResult>> comparisons(
      SplittableRandom random,
      AaSimulation.Config c,
      long planned,
      SimulatedTraffic.CovariateModel control,
      List<SimulatedTraffic.CovariateModel> treatments) {
    long daily = perArm(planned, c);
    CovariateMoments controlSums = CovariateMoments.empty(1);
    CovariateMoments[] treatmentSums = new CovariateMoments[treatments.size()];
    List<List<CupedResult>> results = new ArrayList<>();
    for (int j = 0; j < treatments.size(); j++) {
      treatmentSums[j] = CovariateMoments.empty(1);
      results.add(new ArrayList<>());
    }
    for (int d = 0; d < c.days(); d++) {
      controlSums = controlSums.plus(control.day(random, daily));
      for (int j = 0; j < treatments.size(); j++) {
        treatmentSums[j] = treatmentSums[j].plus(treatments.get(j).day(random, daily));
        results.get(j).add(CupedEstimator.compare(controlSums, treatmentSums[j]));
      }
    }
    return results;
  }
}
