package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Boundaries against group_sequential_reference.R.out: rpact's {@code getDesignGroupSequential}
 * within 1e-4 on every look where rpact's own integration is sound (it agrees within 1e-4 with the
 * script's independent fine-grid recursion), and the independent values within 1e-5 on every look;
 * the "mvtnorm" lines show that the independent values spend exactly the spending function where
 * rpact does not. Past 20 looks: grid refinement and a Monte Carlo of the Brownian motion.
 */
class GroupSequentialDesignTest {

  private static final double RPACT = 1e-4;
  private static final double INDEPENDENT = 1e-5;
  private static final List<Case> CASES = cases();

  private record Case(
      String id,
      String label,
      Spending spending,
      double alpha,
      double[] t,
      double[] rpact,
      double[] independent,
      Boundaries java) {}

  private static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String[] f : ReferenceFile.lines("group_sequential_reference.R.out")) {
      if (!f[0].equals("case")) {
        continue;
      }
      Spending spending = f[3].equals("obrien_fleming") ? Spending.OBRIEN_FLEMING : Spending.POCOCK;
      double alpha = Double.parseDouble(f[4]);
      double[] t = ReferenceFile.numbers(f[6]);
      cases.add(
          new Case(
              f[1],
              f[2],
              spending,
              alpha,
              t,
              ReferenceFile.numbers(f[8]),
              ReferenceFile.numbers(f[10]),
              GroupSequentialDesign.boundaries(t, alpha, spending)));
    }
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> equalsRpactAndTheIndependentIntegration() {
    return CASES.stream()
        .map(
            c ->
                DynamicTest.dynamicTest(
                    "case "
                        + c.id()
                        + " "
                        + c.label()
                        + " "
                        + c.spending()
                        + " alpha "
                        + c.alpha()
                        + " k "
                        + c.t().length,
                    () -> {
                      for (int k = 0; k < c.t().length; k++) {
                        double z = c.java().z(k);
                        assertClose(
                            c.independent()[k], z, INDEPENDENT, "independent, look " + (k + 1));
                        if (rpactSound(c, k)) {
                          assertClose(c.rpact()[k], z, RPACT, "rpact, look " + (k + 1));
                        }
                      }
                    }));
  }

  /**
   * The spread the brief asks for is there, most looks are checked against rpact itself, and the
   * deviations are printed for the report: from the independent integration on every look, and from
   * rpact where rpact agrees with it within 1e-5.
   */
  @Test
  void coversTheSpreadAndReportsTheDeviations() {
    int looks = 0;
    int sound = 0;
    int agreeing = 0;
    double fromIndependent = 0;
    double fromRpact = 0;
    double fromAgreeingRpact = 0;
    double rpactError = 0;
    for (Case c : CASES) {
      for (int k = 0; k < c.t().length; k++) {
        looks++;
        double z = c.java().z(k);
        if (Double.isFinite(z)) {
          fromIndependent = Math.max(fromIndependent, Math.abs(z - c.independent()[k]));
        }
        double r = c.rpact()[k];
        double i = c.independent()[k];
        if (rpactSound(c, k)) {
          sound++;
          fromRpact = Double.isFinite(z) ? Math.max(fromRpact, Math.abs(z - r)) : fromRpact;
          if (r == i || Math.abs(r - i) <= INDEPENDENT) {
            agreeing++;
            fromAgreeingRpact =
                Double.isFinite(z)
                    ? Math.max(fromAgreeingRpact, Math.abs(z - r))
                    : fromAgreeingRpact;
          }
        } else if (Double.isFinite(r) && Double.isFinite(i)) {
          rpactError = Math.max(rpactError, Math.abs(r - i));
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "group-sequential boundaries, %d cases, %d looks: max |java - independent| %.2e;"
            + " %d looks where rpact is sound (within 1e-4 of the independent): max |java - rpact| %.2e;"
            + " of them %d within 1e-5: max |java - rpact| %.2e; %d looks where rpact is off"
            + " (largest finite error %.3f)%n",
        CASES.size(),
        looks,
        fromIndependent,
        sound,
        fromRpact,
        agreeing,
        fromAgreeingRpact,
        looks - sound,
        rpactError);
    assertTrue(fromRpact <= RPACT, "max deviation from rpact " + fromRpact);
    assertTrue(fromIndependent <= INDEPENDENT, "max deviation from independent " + fromIndependent);
    assertTrue(sound >= 0.75 * looks, sound + " of " + looks + " looks compared with rpact");
    for (int k = 1; k <= 20; k++) {
      int size = k;
      for (double alpha : new double[] {0.05, 0.01, 0.1, 0.025}) {
        for (Spending s : Spending.values()) {
          assertTrue(
              CASES.stream()
                  .anyMatch(c -> c.t().length == size && c.alpha() == alpha && c.spending() == s),
              "a case with k = " + k + ", alpha " + alpha + ", " + s);
        }
      }
    }
  }

  /** rpact's value is sound where it agrees with the independent integration within 1e-4. */
  private static boolean rpactSound(Case c, int k) {
    double r = c.rpact()[k];
    double i = c.independent()[k];
    return r == i || Math.abs(r - i) <= RPACT;
  }

  /**
   * mvtnorm (Miwa, or Genz-Bretz for tiny probabilities) integrates the reference boundaries to the
   * spending function: within 1e-6 relative, 1e-13 absolute for the tiniest spends, plus three
   * times mvtnorm's own error estimate. rpact's boundaries spend something else there (the lines
   * print it), so the independent values are right where the two disagree.
   */
  @Test
  void mvtnormConfirmsTheIndependentBoundaries() {
    int checked = 0;
    for (String[] f : ReferenceFile.lines("group_sequential_reference.R.out")) {
      if (f[0].equals("mvtnorm")) {
        double target = Double.parseDouble(f[5]);
        double independent = Double.parseDouble(f[7]);
        double error = Double.parseDouble(f[9]);
        assertClose(target, independent, 1e-6 * target + 3 * error + 1e-13, "mvtnorm case " + f[1]);
        checked++;
      }
    }
    assertTrue(checked >= 10, checked + " mvtnorm checks");
  }

  /**
   * rpact's worst case: two looks 0.001 apart. Its final boundary is 1.517 (mvtnorm: alpha 0.13).
   */
  @Test
  void closeLooksKeepTheRightFinalBoundary() {
    Boundaries b =
        GroupSequentialDesign.boundaries(
            new double[] {0.5, 0.501, 1}, 0.05, Spending.OBRIEN_FLEMING);
    assertClose(1.96871420, b.z(2), 1e-6, "final boundary (independent: 1.96871420...)");
    assertClose(0.05, b.alphaSpent(2), 1e-12, "alpha spent");
  }

  /** Daily looks beyond rpact's 20: a 4x finer grid changes no boundary by more than 1e-5. */
  @Test
  void manyLooksHaveConvergedIntegration() {
    SplittableRandom random = new SplittableRandom(3);
    List<double[]> designs = new ArrayList<>();
    designs.add(equallySpaced(30));
    designs.add(equallySpaced(365));
    double[] uneven = new double[120];
    double sum = 0;
    for (int i = 0; i < uneven.length; i++) {
      sum += 0.2 + random.nextDouble();
      uneven[i] = sum;
    }
    for (int i = 0; i < uneven.length; i++) {
      uneven[i] /= sum;
    }
    uneven[uneven.length - 1] = 1;
    designs.add(uneven);
    for (double[] t : designs) {
      for (Spending s : Spending.values()) {
        Boundaries b = GroupSequentialDesign.boundaries(t, 0.05, s);
        Boundaries fine = GroupSequentialDesign.boundaries(t, 0.05, s, 4);
        for (int k = 0; k < t.length; k++) {
          assertClose(fine.z(k), b.z(k), 1e-5, s + " " + t.length + " looks, look " + (k + 1));
        }
        assertClose(0.05, b.alphaSpent(t.length - 1), 1e-9, "alpha spent by the last look");
      }
    }
  }

  /**
   * 365 daily looks on simulated Brownian motion: the share of paths that ever cross is alpha
   * (within 4.5 standard errors of 20,000 paths, about 0.007).
   */
  @Test
  void dailyLooksForAYearHoldAlphaInMonteCarlo() {
    double[] t = equallySpaced(365);
    for (Spending s : Spending.values()) {
      Boundaries b = GroupSequentialDesign.boundaries(t, 0.05, s);
      int paths = 20_000;
      long crossed = SimulatedTraffic.brownianCrossings(b, paths, new SplittableRandom(11));
      double rate = (double) crossed / paths;
      assertClose(0.05, rate, 4.5 * Math.sqrt(0.05 * 0.95 / paths), s + " crossing rate");
    }
  }

  /** With alpha spending a look's boundary does not depend on later looks. */
  @Test
  void aPrefixHasThePrefixsBoundaries() {
    double[] t = {0.1, 0.25, 0.4, 0.7, 0.85, 1};
    Boundaries all = GroupSequentialDesign.boundaries(t, 0.05, Spending.POCOCK);
    Boundaries first =
        GroupSequentialDesign.boundaries(new double[] {0.1, 0.25, 0.4}, 0.05, Spending.POCOCK);
    assertArrayEquals(first.z(), all.prefix(3).z(), 1e-12);
  }

  @Test
  void rejectsFractionsThatDoNotIncreaseWithinZeroAndOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GroupSequentialDesign.boundaries(
                    new double[] {0.5, 0.5, 1}, 0.05, Spending.POCOCK));
    assertEquals(
        "information fractions must increase strictly within (0,1], got 0.5 after 0.5",
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> GroupSequentialDesign.boundaries(new double[] {0.5, 1.2}, 0.05, Spending.POCOCK));
    assertThrows(
        IllegalArgumentException.class,
        () -> GroupSequentialDesign.boundaries(new double[] {0, 1}, 0.05, Spending.POCOCK));
    assertThrows(
        IllegalArgumentException.class,
        () -> GroupSequentialDesign.boundaries(new double[] {1}, 1.5, Spending.POCOCK));
    assertThrows(
        IllegalArgumentException.class,
        () -> GroupSequentialDesign.boundaries(new double[0], 0.05, Spending.POCOCK));
  }

  static double[] equallySpaced(int looks) {
    double[] t = new double[looks];
    for (int k = 0; k < looks; k++) {
      t[k] = (k + 1.0) / looks;
    }
    t[looks - 1] = 1;
    return t;
  }

  private static void assertClose(double expected, double actual, double tolerance, String what) {
    if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
      assertEquals(expected, actual, what);
    } else {
      Close.absolute(expected, actual, tolerance, what);
    }
  }
}
