package dev.moments.server.stats;

import java.util.List;

/**
 * A comparison with regression adjustment. Either {@code error} is null and every figure is finite,
 * or it names why no comparison was possible (the {@link LiftResult} codes) and the rest is null /
 * NaN.
 *
 * @param adjusted the report's main figures
 * @param unadjusted the same comparison without covariates (β = 0)
 * @param varianceReduction 1 - adjusted / unadjusted variance of the absolute difference
 * @param covariatesUsed covariates left in the regression
 * @param droppedCovariates 0-based indexes of covariates left out: constant within both arms, or
 *     collinear with earlier ones (as R's {@code lm} reports NA for them)
 * @param beta the regression coefficients (0 for dropped covariates)
 */
public record CupedResult(
    String error,
    LiftEstimate adjusted,
    LiftEstimate unadjusted,
    double varianceReduction,
    int covariatesUsed,
    List<Integer> droppedCovariates,
    List<Double> beta) {

  public CupedResult {
    droppedCovariates = List.copyOf(droppedCovariates);
    beta = List.copyOf(beta);
  }

  static CupedResult degenerate(String error) {
    return new CupedResult(error, null, null, Double.NaN, 0, List.of(), List.of());
  }

  public boolean ok() {
    return error == null;
  }
}
