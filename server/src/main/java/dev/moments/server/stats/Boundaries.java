package dev.moments.server.stats;

import java.util.Arrays;

/**
 * Two-sided symmetric group-sequential boundaries: at look k the test stops when |Z_k| >= {@code
 * z[k]}. A boundary of {@link Double#POSITIVE_INFINITY} means no stop is possible at that look (the
 * alpha it may spend is below 2 P(Z > 7.5), as in rpact); JSON shows it as null.
 *
 * @param informationFractions t_k, strictly increasing in (0, 1]
 * @param z critical values on the Z scale
 * @param alphaSpent cumulative probability under the null of having crossed by look k (the spending
 *     function at t_k, up to the integration error and the looks that could not stop)
 */
public record Boundaries(double[] informationFractions, double[] z, double[] alphaSpent) {

  public Boundaries {
    informationFractions = informationFractions.clone();
    z = z.clone();
    alphaSpent = alphaSpent.clone();
  }

  public int looks() {
    return z.length;
  }

  /** The boundary at 0-based look k. */
  public double z(int look) {
    return z[look];
  }

  public double alphaSpent(int look) {
    return alphaSpent[look];
  }

  public double informationFraction(int look) {
    return informationFractions[look];
  }

  @Override
  public double[] informationFractions() {
    return informationFractions.clone();
  }

  @Override
  public double[] z() {
    return z.clone();
  }

  @Override
  public double[] alphaSpent() {
    return alphaSpent.clone();
  }

  /** The first {@code looks} looks: with alpha spending, a prefix's boundaries do not change. */
  public Boundaries prefix(int looks) {
    return new Boundaries(
        Arrays.copyOf(informationFractions, looks),
        Arrays.copyOf(z, looks),
        Arrays.copyOf(alphaSpent, looks));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Boundaries b
        && Arrays.equals(informationFractions, b.informationFractions)
        && Arrays.equals(z, b.z)
        && Arrays.equals(alphaSpent, b.alphaSpent);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(informationFractions) + Arrays.hashCode(z))
        + Arrays.hashCode(alphaSpent);
  }

  @Override
  public String toString() {
    return "Boundaries[t="
        + Arrays.toString(informationFractions)
        + ", z="
        + Arrays.toString(z)
        + ", alphaSpent="
        + Arrays.toString(alphaSpent)
        + "]";
  }
}
