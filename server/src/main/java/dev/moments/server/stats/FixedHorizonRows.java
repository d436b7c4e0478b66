package dev.moments.server.stats;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The rows of today's methods in {@link AaSimulation}: the fixed-horizon test read once, the same
 * test read every day (peeking), and the always-valid confidence sequence read every day, all with
 * the fixed test's planned sample spread over the days.
 */
final class FixedHorizonRows {

  private FixedHorizonRows() {}

  static List<AaSimulation.Row> run(
      AaSimulation.Config c, PowerCalculator.SampleSize fixed, SplittableRandom random) {
    long planned = fixed.unitsPerVariant();
    long daily = (planned + c.days() - 1) / c.days();
    TestSettings once = TestSettings.fixedHorizon(c.alpha());
    TestSettings alwaysValid = TestSettings.sequential(c.alpha(), 2.0 * planned);
    RowTally fixedRow = new RowTally("fixed, read once", planned, planned);
    RowTally peeking = new RowTally("fixed, read daily (peeking)", planned, planned);
    RowTally sequential = new RowTally("always-valid (today)", planned, planned);
    double treated = c.baseline() * (1 + c.mde());
    for (int i = 0; i < c.experiments(); i++) {
      Days aa = Days.simulate(random.split(), c, daily, c.baseline(), once, alwaysValid);
      Days ab = Days.simulate(random.split(), c, daily, treated, once, alwaysValid);
      int last = c.days() - 1;
      fixedRow.aa(significant(aa.fixed()[last], c.alpha()));
      LiftResult end = ab.fixed()[last];
      fixedRow.ab(winner(end, c.alpha()), daily * c.days(), covers(end, c.mde()));
      tallyFirstSignificant(peeking, aa.fixed(), ab.fixed(), c, daily);
      tallyFirstSignificant(sequential, aa.sequential(), ab.sequential(), c, daily);
    }
    return List.of(fixedRow.row(), peeking.row(), sequential.row());
  }

  /** Read daily and stop at the first significant day. */
  private static void tallyFirstSignificant(
      RowTally tally, LiftResult[] aa, LiftResult[] ab, AaSimulation.Config c, long daily) {
    tally.aa(firstSignificant(aa, c.alpha()) < aa.length);
    int stop = Math.min(firstSignificant(ab, c.alpha()), ab.length - 1);
    tally.ab(winner(ab[stop], c.alpha()), daily * (stop + 1.0), covers(ab[stop], c.mde()));
  }

  private static int firstSignificant(LiftResult[] days, double alpha) {
    for (int d = 0; d < days.length; d++) {
      if (significant(days[d], alpha)) {
        return d;
      }
    }
    return days.length;
  }

  private static boolean significant(LiftResult lift, double alpha) {
    return lift.ok() && lift.relative().pValue() < alpha;
  }

  private static boolean winner(LiftResult lift, double alpha) {
    return significant(lift, alpha) && lift.relative().estimate() > 0;
  }

  private static boolean covers(LiftResult lift, double truth) {
    return lift.ok() && lift.relative().ci().contains(truth);
  }

  /** One experiment's cumulative comparison at the end of every day, by both tests. */
  private record Days(LiftResult[] fixed, LiftResult[] sequential) {

    static Days simulate(
        SplittableRandom random,
        AaSimulation.Config c,
        long daily,
        double treatmentRate,
        TestSettings once,
        TestSettings alwaysValid) {
      SampleStats control = SampleStats.EMPTY;
      SampleStats treatment = SampleStats.EMPTY;
      LiftResult[] fixed = new LiftResult[c.days()];
      LiftResult[] sequential = new LiftResult[c.days()];
      for (int d = 0; d < c.days(); d++) {
        control =
            control.plus(
                SampleStats.binomial(
                    daily, SimulatedTraffic.binomial(random, daily, c.baseline())));
        treatment =
            treatment.plus(
                SampleStats.binomial(
                    daily, SimulatedTraffic.binomial(random, daily, treatmentRate)));
        fixed[d] = LiftCalculator.compare(control, treatment, MetricType.BINOMIAL, once);
        sequential[d] =
            LiftCalculator.compare(control, treatment, MetricType.BINOMIAL, alwaysValid);
      }
      return new Days(fixed, sequential);
    }
  }
}
