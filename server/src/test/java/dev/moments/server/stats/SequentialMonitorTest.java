package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.stats.SequentialMonitor.Observation;
import dev.moments.server.stats.SequentialMonitor.Outcome;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialMonitorTest {

  private static final double PLANNED = 1000;

  private static Observation day(double units, double z) {
    return new Observation(units, 0.1 * z, 0.1);
  }

  @Test
  void looksAreTheDaysWhoseInformationGrewAndTheFirstAtThePlanIsFinal() {
    SequentialMonitor monitor = new SequentialMonitor(0.05, Spending.OBRIEN_FLEMING);
    List<Observation> days =
        List.of(
            day(100, 0.5),
            day(100, 0.7), // t did not grow: skipped
            new Observation(250, Double.NaN, 0.1), // no statistics that day: skipped
            new Observation(300, 0.05, 0), // zero standard error: skipped
            day(400, 1.0),
            day(1200, 1.5), // past the plan: t = 1, final
            day(1500, 9)); // after the final look: ignored
    SequentialMonitor.Result r = monitor.evaluate(PLANNED, days);
    assertNull(r.error());
    assertArrayEquals(new double[] {0.1, 0.4, 1}, r.boundaries().informationFractions());
    assertEquals(3, r.latest().look());
    assertEquals(1, r.latest().informationFraction());
    assertEquals(1.5, r.latest().z(), 1e-12);
    assertEquals(Outcome.NO_DIFFERENCE, r.outcome());
    assertTrue(r.isFinal());
    assertEquals(0, r.decidedAtLook());
    assertEquals(0.05, r.latest().alphaSpent(), 1e-12, "the final look spends what is left");
    assertEquals(SequentialLook.GROUP_SEQUENTIAL, r.latest().method());
  }

  /**
   * The boundaries are GroupSequentialDesign's for the observed fractions (checked against rpact).
   */
  @Test
  void boundariesAreTheDesignsForTheObservedFractions() {
    SequentialMonitor monitor = new SequentialMonitor(0.025, Spending.POCOCK);
    SequentialMonitor.Result r =
        monitor.evaluate(PLANNED, List.of(day(130, 0), day(420, 0), day(777, 0), day(1000, 0)));
    Boundaries design =
        GroupSequentialDesign.boundaries(
            new double[] {0.13, 0.42, 0.777, 1}, 0.025, Spending.POCOCK);
    assertEquals(design, r.boundaries());
    assertEquals(design.z(3), r.latest().zBoundary());
  }

  @Test
  void theFirstCrossingDecidesAndLaterDaysDoNotUndoIt() {
    SequentialMonitor monitor = new SequentialMonitor(0.05, Spending.POCOCK);
    SequentialMonitor.Result r =
        monitor.evaluate(
            PLANNED, List.of(day(200, 1), day(400, -3.5), day(600, -1), day(700, 0.5)));
    assertEquals(Outcome.DECREASE, r.outcome());
    assertTrue(r.isFinal());
    assertEquals(2, r.decidedAtLook());
    assertEquals(4, r.latest().look());
    assertFalse(r.latest().crossed());
  }

  @Test
  void beforeTheFinalLookWithoutACrossingItKeepsRunning() {
    SequentialMonitor monitor = new SequentialMonitor(0.05, Spending.OBRIEN_FLEMING);
    SequentialMonitor.Result r = monitor.evaluate(PLANNED, List.of(day(300, 2.5), day(600, 2.2)));
    assertEquals(Outcome.CONTINUE, r.outcome());
    assertFalse(r.isFinal());
    SequentialMonitor.Result up = monitor.evaluate(PLANNED, List.of(day(300, 2.5), day(600, 3.1)));
    assertEquals(Outcome.INCREASE, up.outcome());
  }

  /**
   * estimate +- boundary * standard error at the latest look; unbounded while no stop is possible.
   */
  @Test
  void theIntervalIsTheRepeatedConfidenceInterval() {
    SequentialMonitor monitor = new SequentialMonitor(0.05, Spending.OBRIEN_FLEMING);
    SequentialMonitor.Result r =
        monitor.evaluate(PLANNED, List.of(new Observation(500, 0.12, 0.05)));
    double c = r.latest().zBoundary();
    assertEquals(0.12 - c * 0.05, r.repeatedCi().low(), 1e-12);
    assertEquals(0.12 + c * 0.05, r.repeatedCi().high(), 1e-12);
    SequentialMonitor.Result early =
        monitor.evaluate(PLANNED, List.of(new Observation(5, 0.12, 0.05)));
    assertEquals(Double.POSITIVE_INFINITY, early.latest().zBoundary());
    assertEquals(Double.NEGATIVE_INFINITY, early.repeatedCi().low());
  }

  @Test
  void noUsableDayYetIsAnErrorCodeNotAnException() {
    SequentialMonitor monitor = new SequentialMonitor(0.05, Spending.OBRIEN_FLEMING);
    SequentialMonitor.Result r =
        monitor.evaluate(
            PLANNED, List.of(new Observation(0, 0, 0), new Observation(10, Double.NaN, 1)));
    assertEquals(SequentialMonitor.NO_LOOK, r.error());
    assertEquals(Outcome.CONTINUE, r.outcome());
    assertThrows(IllegalArgumentException.class, () -> monitor.evaluate(0, List.of()));
  }

  /** Day by day the same monitor reuses its boundaries; the answers equal a fresh monitor's. */
  @Test
  void reusingBoundariesForADayByDayTimelineChangesNothing() {
    SequentialMonitor reused = new SequentialMonitor(0.05, Spending.OBRIEN_FLEMING);
    List<Observation> days = List.of(day(100, 1), day(350, 2), day(640, 2.4), day(1000, 1.9));
    reused.evaluate(PLANNED, days);
    for (int d = 1; d <= days.size(); d++) {
      SequentialMonitor fresh = new SequentialMonitor(0.05, Spending.OBRIEN_FLEMING);
      assertEquals(
          fresh.evaluate(PLANNED, days.subList(0, d)),
          reused.evaluate(PLANNED, days.subList(0, d)));
    }
  }

  @Test
  void eachComparisonGetsAlphaOverMWhenTheExperimentCorrects() {
    assertEquals(0.05 / 3, SequentialMonitor.comparisonAlpha(0.05, 3, Correction.HOLM));
    assertEquals(0.05 / 3, SequentialMonitor.comparisonAlpha(0.05, 3, Correction.BH));
    assertEquals(0.05, SequentialMonitor.comparisonAlpha(0.05, 3, Correction.NONE));
    assertThrows(
        IllegalArgumentException.class,
        () -> SequentialMonitor.comparisonAlpha(0.05, 0, Correction.BH));
  }

  /** The report's observation is the log ratio, and its interval maps back to the relative lift. */
  @Test
  void observationsOfALiftUseTheLogRatio() {
    LiftEstimate lift =
        new LiftEstimate(new Estimate(0.1, 0.022, 1e4), new Estimate(0.01, 0.0022, 1e4));
    Observation o = Observation.ofLift(800, lift);
    assertEquals(Math.log(1.1), o.estimate(), 1e-15);
    assertEquals(0.02, o.standardError(), 1e-15);
    assertTrue(Double.isNaN(Observation.ofLift(800, null).estimate()));
    SequentialMonitor monitor = new SequentialMonitor(0.05, Spending.OBRIEN_FLEMING);
    SequentialMonitor.Result r = monitor.evaluate(PLANNED, List.of(o));
    Interval relative = LiftEstimate.relativeFromLog(r.repeatedCi());
    double c = r.latest().zBoundary();
    assertEquals(1.1 * Math.exp(-c * 0.02) - 1, relative.low(), 1e-12);
    assertEquals(1.1 * Math.exp(c * 0.02) - 1, relative.high(), 1e-12);
  }

  /**
   * A look once taken keeps its observation, fraction and boundary: against rpact's design for the
   * looks as taken (recorded_looks_reference.R), not for today's plan. Look 1 was taken at 250 of
   * 1000 planned units; since then the plan moved to 1250 and day 0 gained late units with z = 5
   * (read again, look 1 would be t = 0.24 and cross). Look 2 and 3 are t = 0.48 and 1.
   */
  @Test
  void aTakenLookKeepsItsFractionAndBoundaryWhenThePlanMoves() {
    int cases = 0;
    for (String[] f : ReferenceFile.lines("recorded_looks_reference.R.out")) {
      Spending spending = Spending.ofApiName(f[1]);
      double alpha = Double.parseDouble(f[2]);
      double[] rpact = Arrays.stream(f[6].split(",")).mapToDouble(Double::parseDouble).toArray();
      List<Observation> days = List.of(day(300, 5.0), day(600, 1.2), day(1250, 1.5));
      SequentialMonitor.Result regrouped =
          new SequentialMonitor(alpha, spending).evaluate(1250, days);
      if (f[0].equals("regrouped")) {
        assertArrayEquals(rpact, regrouped.boundaries().z(), 1e-5, "the reading before: " + f[1]);
        assertEquals(1, regrouped.decidedAtLook(), "read again, the late units cross at look 1");
        continue;
      }
      cases++;
      SequentialMonitor.Result first =
          new SequentialMonitor(alpha, spending).evaluate(1000, List.of(day(250, 1.0)));
      SequentialMonitor.TakenLook look1 =
          new SequentialMonitor.TakenLook(
              0,
              day(250, 1.0),
              first.latest().informationFraction(),
              first.latest().zBoundary(),
              first.latest().alphaSpent());
      SequentialMonitor.Result r =
          new SequentialMonitor(alpha, spending).evaluate(1250, days, List.of(look1));
      assertArrayEquals(new double[] {0.25, 0.48, 1}, r.boundaries().informationFractions());
      assertArrayEquals(rpact, r.boundaries().z(), 1e-5, f[1] + " " + alpha);
      assertEquals(List.of(0, 1, 2), r.lookDays());
      assertEquals(1, r.takenBefore());
      assertEquals(0, r.decidedAtLook(), "look 1 keeps z = 1");
      assertEquals(Outcome.NO_DIFFERENCE, r.outcome());
      assertEquals(1.5, r.latest().z(), 1e-12);
    }
    assertEquals(3, cases);
  }

  @Test
  void noLookFollowsATakenFinalLookAndTakenLooksMustGrow() {
    SequentialMonitor monitor = new SequentialMonitor(0.05, Spending.POCOCK);
    SequentialMonitor.TakenLook last =
        new SequentialMonitor.TakenLook(1, day(1000, 1.0), 1, 2.1, 0.05);
    SequentialMonitor.Result r =
        monitor.evaluate(2000, List.of(day(500, 0), day(1000, 1), day(1900, 9)), List.of(last));
    assertEquals(1, r.lookDays().size(), "the taken look at t = 1 was final");
    assertEquals(Outcome.NO_DIFFERENCE, r.outcome());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            monitor.evaluate(
                2000,
                List.of(),
                List.of(
                    new SequentialMonitor.TakenLook(0, day(500, 1), 0.5, 2.2, 0.02),
                    new SequentialMonitor.TakenLook(1, day(500, 1), 0.5, 2.2, 0.02))));
  }

  /**
   * No plan any more (the baseline it came from is gone): the taken look stays as taken and later
   * days, which would have been looks with a plan, are none, whatever their units.
   */
  @Test
  void withoutAPlanTheTakenLooksStayAndNoNewOneIsTaken() {
    SequentialMonitor monitor = new SequentialMonitor(0.05, Spending.OBRIEN_FLEMING);
    SequentialMonitor.TakenLook look1 =
        new SequentialMonitor.TakenLook(0, day(250, 1.0), 0.25, 4.3, 0.0001);
    List<Observation> days = List.of(day(250, 1.0), day(600, 9), day(1e12, 9));
    SequentialMonitor.Result planned = monitor.evaluate(1000, days, List.of(look1));
    assertEquals(List.of(0, 1, 2), planned.lookDays(), "with a plan the later days are looks");
    SequentialMonitor.Result r =
        monitor.evaluate(java.util.OptionalDouble.empty(), days, List.of(look1));
    assertEquals(List.of(0), r.lookDays());
    assertEquals(1, r.takenBefore());
    assertEquals(0.25, r.latest().informationFraction());
    assertEquals(4.3, r.latest().zBoundary());
    assertEquals(Outcome.CONTINUE, r.outcome());
    assertEquals(
        SequentialMonitor.NO_LOOK,
        monitor.evaluate(java.util.OptionalDouble.empty(), days, List.of()).error());
    assertThrows(
        IllegalArgumentException.class,
        () -> monitor.evaluate(java.util.OptionalDouble.of(0), days, List.of()));
  }
}
