package dev.moments.server.stats;

import org.apache.commons.math3.analysis.solvers.BrentSolver;

/**
 * Two-sided symmetric group-sequential designs with Lan-DeMets alpha spending (Lan and DeMets 1983;
 * Jennison and Turnbull 2000, ch. 7 and 19), for the observed information fractions. With alpha
 * spending the boundary at look k depends only on t_1..t_k, so looks may come at any (unequal,
 * unplanned) fractions, and a look may be skipped.
 */
public final class GroupSequentialDesign {

  private static final double NEWTON_TOLERANCE = 1e-12;

  private GroupSequentialDesign() {}

  /**
   * Boundaries at each look. Equals rpact's {@code getDesignGroupSequential(kMax = k, alpha, sided
   * = 2, typeOfDesign = "asOF" | "asP", informationRates = t)$criticalValues} wherever rpact's own
   * integration is accurate (see {@link SequentialIntegration}).
   *
   * @param informationFractions strictly increasing, in (0, 1]
   * @throws IllegalArgumentException for fractions or alpha out of range (a caller's bug)
   */
  public static Boundaries boundaries(
      double[] informationFractions, double alpha, Spending spending) {
    return boundaries(informationFractions, alpha, spending, 1);
  }

  static Boundaries boundaries(
      double[] informationFractions, double alpha, Spending spending, double refinement) {
    double[] t = checkedFractions(informationFractions);
    checkLevel("alpha", alpha);
    SequentialIntegration integration = new SequentialIntegration(t, 0, refinement);
    double[] z = new double[t.length];
    double[] spent = new double[t.length];
    double total = 0;
    for (int k = 0; k < t.length; k++) {
      double target = spending.cumulativeAlpha(alpha, t[k]) - total;
      z[k] = solveBoundary(integration, target, k == 0 ? 2 : z[k - 1]);
      double[] crossing = integration.crossing(z[k]);
      total += crossing[0] + crossing[1];
      spent[k] = total;
      if (k + 1 < t.length) {
        integration.advance(z[k]);
      }
    }
    return new Boundaries(t, z, spent);
  }

  /**
   * Probability of first crossing the upper and the lower boundary at each look when E[Z_k] = drift
   * * sqrt(t_k): {@code [look][0]} upper, {@code [look][1]} lower.
   */
  public static double[][] crossingProbabilities(Boundaries boundaries, double drift) {
    double[] t = boundaries.informationFractions();
    SequentialIntegration integration = new SequentialIntegration(t, drift);
    double[][] result = new double[t.length][];
    for (int k = 0; k < t.length; k++) {
      result[k] = integration.crossing(boundaries.z(k));
      if (k + 1 < t.length) {
        integration.advance(boundaries.z(k));
      }
    }
    return result;
  }

  /**
   * Inflation factor and expected sample of a design with the given looks (the last at t = 1),
   * planned for {@code power} against a one-sided alternative, as rpact's {@code
   * getDesignCharacteristics} (twoSidedPower = FALSE).
   */
  public static DesignCharacteristics characteristics(
      double[] informationFractions, double alpha, double power, Spending spending) {
    checkLevel("power", power);
    double[] t = checkedFractions(informationFractions);
    if (t[t.length - 1] != 1) {
      throw new IllegalArgumentException(
          "the last information fraction must be 1, got " + t[t.length - 1]);
    }
    Boundaries b = boundaries(t, alpha, spending);
    double fixedDrift = Gaussian.quantile(1 - alpha / 2) + Gaussian.quantile(power);
    double drift =
        new BrentSolver(1e-13, 1e-12)
            .solve(
                1000,
                d -> upperPower(crossingProbabilities(b, d)) - power,
                fixedDrift * 0.5,
                fixedDrift * 3);
    double inflation = drift * drift / (fixedDrift * fixedDrift);
    return new DesignCharacteristics(
        inflation,
        expectedFraction(t, crossingProbabilities(b, drift)),
        expectedFraction(t, crossingProbabilities(b, 0)));
  }

  /**
   * @param inflationFactor maximum sample / the fixed test's sample for the same alpha and power
   * @param expectedFractionAtEffect E[t at stop] when the true effect is the one planned for
   * @param expectedFractionAtNull E[t at stop] when there is no effect
   */
  public record DesignCharacteristics(
      double inflationFactor, double expectedFractionAtEffect, double expectedFractionAtNull) {

    /** rpact's averageSampleNumber1: expected sample at the effect / the fixed test's sample. */
    public double averageSampleNumberAtEffect() {
      return inflationFactor * expectedFractionAtEffect;
    }

    /** rpact's averageSampleNumber0. */
    public double averageSampleNumberAtNull() {
      return inflationFactor * expectedFractionAtNull;
    }
  }

  private static double upperPower(double[][] crossing) {
    double sum = 0;
    for (double[] look : crossing) {
      sum += look[0];
    }
    return sum;
  }

  private static double expectedFraction(double[] t, double[][] crossing) {
    double expected = 0;
    double stopped = 0;
    for (int k = 0; k < t.length - 1; k++) {
      double p = crossing[k][0] + crossing[k][1];
      expected += t[k] * p;
      stopped += p;
    }
    return expected + t[t.length - 1] * (1 - stopped);
  }

  /**
   * The c with P(first |Z_k| >= c at this look) = target: safeguarded Newton in [0, 7.5]; infinite
   * when even 7.5 would spend more than the target.
   */
  private static double solveBoundary(
      SequentialIntegration integration, double target, double guess) {
    if (!(target > 0)) {
      return Double.POSITIVE_INFINITY;
    }
    if (integration.twoSidedWithSlope(SequentialIntegration.NO_STOP)[0] >= target) {
      return Double.POSITIVE_INFINITY;
    }
    double low = 0;
    double high = SequentialIntegration.NO_STOP;
    double c = Double.isFinite(guess) && guess < high ? guess : high / 2;
    for (int i = 0; i < 200; i++) {
      double[] value = integration.twoSidedWithSlope(c);
      double excess = value[0] - target;
      if (excess > 0) {
        low = c;
      } else {
        high = c;
      }
      double next = c + excess / value[1];
      if (!(next > low && next < high)) {
        next = (low + high) / 2;
      }
      if (Math.abs(next - c) < NEWTON_TOLERANCE || high - low < NEWTON_TOLERANCE) {
        return next;
      }
      c = next;
    }
    return c;
  }

  private static double[] checkedFractions(double[] informationFractions) {
    if (informationFractions == null || informationFractions.length == 0) {
      throw new IllegalArgumentException("at least one information fraction is needed");
    }
    double previous = 0;
    for (double t : informationFractions) {
      if (!(t > previous && t <= 1)) {
        throw new IllegalArgumentException(
            "information fractions must increase strictly within (0,1], got "
                + t
                + " after "
                + previous);
      }
      previous = t;
    }
    return informationFractions.clone();
  }

  private static void checkLevel(String name, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(name + " must be in (0,1), got " + value);
    }
  }
}
