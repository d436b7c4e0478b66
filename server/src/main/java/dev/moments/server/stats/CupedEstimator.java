package dev.moments.server.stats;

import java.util.Arrays;

/**
 * Regression adjustment of a metric by per-unit covariates (CUPED, Deng et al. 2013, with several
 * covariates as in Lin 2013), from two arms' {@link CovariateMoments}.
 *
 * <ul>
 *   <li>β: least squares of y on x over the units of both arms with an intercept per arm, i.e. the
 *       coefficient of x in R's {@code lm(y ~ arm + x)}: the within-arm centred cross-products
 *       pooled, so a true effect does not leak into β.
 *   <li>Adjusted arm mean: ȳ_a - (x̄_a - x̄)ᵀβ with x̄ over both arms. The absolute difference is
 *       the {@code arm} coefficient of that {@code lm}.
 *   <li>Variance: from the residuals within each arm, y - xᵀβ, so each arm keeps its own variance
 *       (Welch); β is treated as known, as in CUPED (its own error is O(p / n) of the total).
 *   <li>Relative lift: adjusted treatment mean / adjusted control mean - 1. Its delta-method
 *       variance follows both arm means through x̄, which they share.
 * </ul>
 *
 * A covariate that is constant within the arms (a device nobody used, a one-hot level that is
 * always on) or a linear combination of earlier ones gets β = 0 and is reported as dropped; with
 * too few units for the regression the adjusted figures equal the unadjusted ones.
 */
public final class CupedEstimator {

  private CupedEstimator() {}

  public static CupedResult compare(CovariateMoments control, CovariateMoments treatment) {
    if (control.covariates() != treatment.covariates()) {
      throw new IllegalArgumentException(
          "arms have " + control.covariates() + " and " + treatment.covariates() + " covariates");
    }
    if (control.n() < 2 || treatment.n() < 2) {
      return CupedResult.degenerate(LiftResult.TOO_FEW_UNITS);
    }
    CenteredMoments a = CenteredMoments.of(control);
    CenteredMoments b = CenteredMoments.of(treatment);
    int p = control.covariates();
    Regression fit =
        a.n() + b.n() - 2 > p
            ? Regression.fit(a.pooledWith(b), scale(control, treatment))
            : Regression.none(p);
    Adjustment unadjusted = new Adjustment(a, b, new double[p]);
    Adjustment adjusted = new Adjustment(a, b, fit.beta());
    if (unadjusted.controlMean == 0 || adjusted.controlMean == 0) {
      return CupedResult.degenerate(LiftResult.ZERO_CONTROL_MEAN);
    }
    LiftEstimate plain = unadjusted.lift();
    LiftEstimate lift = adjusted.lift();
    if (!plain.isFinite() || !lift.isFinite()) {
      return CupedResult.degenerate(LiftResult.ZERO_VARIANCE);
    }
    double reduction =
        1 - Math.pow(lift.absolute().standardError() / plain.absolute().standardError(), 2);
    return new CupedResult(
        null,
        lift,
        plain,
        reduction,
        p - fit.dropped().size(),
        fit.dropped(),
        Arrays.stream(fit.beta()).boxed().toList());
  }

  /**
   * Share of y's variance the covariates explain in one group of units (R²), e.g. over the units of
   * past experiments on the metric: the expected variance reduction a plan may assume. 0 when it
   * cannot be estimated.
   */
  public static double explainedVariance(CovariateMoments units) {
    if (units.n() < units.covariates() + 2) {
      return 0;
    }
    CenteredMoments all = CenteredMoments.of(units);
    if (!(all.syy() > 0)) {
      return 0;
    }
    Regression fit = Regression.fit(all, scale(units, CovariateMoments.empty(units.covariates())));
    double residual = all.syy() - Regression.dot(fit.beta(), all.sxy());
    return Math.max(0, Math.min(1, 1 - residual / all.syy()));
  }

  /** Raw Σx_j² over both arms: the yardstick for "constant". */
  private static double[] scale(CovariateMoments a, CovariateMoments b) {
    double[] scale = new double[a.covariates()];
    for (int j = 0; j < scale.length; j++) {
      scale[j] = a.sumXX(j, j) + b.sumXX(j, j);
    }
    return scale;
  }

  /**
   * The adjusted arm means for a given β and their delta-method lift. With m_a the adjusted means
   * and ȳ the pooled mean (= n_A/n m_A + n_B/n m_B), the gradient of m_B / m_A with respect to arm
   * B's (ȳ_B, x̄_B) is (1 / m_A, -ȳ β / m_A²) and with respect to arm A's (-m_B / m_A², ȳ β /
   * m_A²); each arm contributes Var(g_y y + g_x xᵀβ) / n_a.
   */
  private static final class Adjustment {
    final CenteredMoments a;
    final CenteredMoments b;
    final double[] beta;
    final double controlMean;
    final double treatmentMean;
    final double pooledMean;

    Adjustment(CenteredMoments a, CenteredMoments b, double[] beta) {
      this.a = a;
      this.b = b;
      this.beta = beta;
      double n = a.n() + b.n();
      double controlShift = 0;
      double treatmentShift = 0;
      for (int j = 0; j < beta.length; j++) {
        double pooled = (a.sumX()[j] + b.sumX()[j]) / n;
        controlShift += (a.sumX()[j] / a.n() - pooled) * beta[j];
        treatmentShift += (b.sumX()[j] / b.n() - pooled) * beta[j];
      }
      this.controlMean = a.sumY() / a.n() - controlShift;
      this.treatmentMean = b.sumY() / b.n() - treatmentShift;
      this.pooledMean = (a.sumY() + b.sumY()) / n;
    }

    LiftEstimate lift() {
      double varA = unitVariance(a, 1, -1) / a.n();
      double varB = unitVariance(b, 1, -1) / b.n();
      double df = LiftEstimate.welch(varA, a.n(), varB, b.n());
      double m2 = controlMean * controlMean;
      double relativeVariance =
          unitVariance(b, 1 / controlMean, -pooledMean / m2) / b.n()
              + unitVariance(a, -treatmentMean / m2, pooledMean / m2) / a.n();
      return new LiftEstimate(
          new Estimate(treatmentMean / controlMean - 1, Math.sqrt(relativeVariance), df),
          new Estimate(treatmentMean - controlMean, Math.sqrt(varA + varB), df));
    }

    /** Per-unit variance of gy * y + gx * xᵀβ within the arm (n - 1 denominator), at least 0. */
    private double unitVariance(CenteredMoments arm, double gy, double gx) {
      double yx = Regression.dot(beta, arm.sxy());
      double xx = Regression.quadratic(beta, arm.sxx());
      double ss = gy * gy * arm.syy() + 2 * gy * gx * yx + gx * gx * xx;
      return Math.max(0, ss / (arm.n() - 1));
    }
  }
}
