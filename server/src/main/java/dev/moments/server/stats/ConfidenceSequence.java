package dev.moments.server.stats;

/**
 * Asymptotic always-valid confidence sequence of Waudby-Smith et al. (2023), parameterised as in
 * GrowthBook's gbstats: rho is tuned so the sequence is tightest at N* total units. The interval
 * and p-value hold under continuous monitoring ("peeking").
 */
final class ConfidenceSequence {

  private final double alpha;
  private final double rhoSquared;

  ConfidenceSequence(double alpha, double plannedTotalUnits) {
    this.alpha = alpha;
    double minus2LogAlpha = -2 * Math.log(alpha);
    this.rhoSquared = (minus2LogAlpha + Math.log(minus2LogAlpha + 1)) / plannedTotalUnits;
  }

  /**
   * Half-width for an estimate with standard error {@code se} after {@code n} units of both arms.
   */
  double halfWidth(double se, double n) {
    double nRho2Plus1 = n * rhoSquared + 1;
    double perUnitVariance = se * se * n;
    return Math.sqrt(
        perUnitVariance
            * 2
            * nRho2Plus1
            / (n * n * rhoSquared)
            * Math.log(Math.sqrt(nRho2Plus1) / alpha));
  }

  /** The always-valid p-value: the reciprocal of the mixture e-value, capped at 1. */
  double pValue(double estimate, double se, double n) {
    double nRho2Plus1 = n * rhoSquared + 1;
    double z2 = estimate * estimate / (se * se);
    double logP = 0.5 * Math.log(nRho2Plus1) - rhoSquared * z2 * n / (2 * nRho2Plus1);
    return Math.min(1, Math.exp(logP));
  }
}
