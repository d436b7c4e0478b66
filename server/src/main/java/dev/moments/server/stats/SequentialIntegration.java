package dev.moments.server.stats;

/**
 * The recursive numerical integration of Armitage, McPherson and Rowe (1969) as laid out in
 * Jennison and Turnbull, <i>Group Sequential Methods</i> (2000), ch. 19: the sub-density of Z_k on
 * the paths that have not crossed a boundary before look k, carried from look to look on a grid and
 * integrated by Simpson's rule.
 *
 * <p>Z_k is the standardised statistic at information fraction t_k, with E[Z_k] = drift * sqrt(t_k)
 * and Cov(Z_j, Z_k) = sqrt(t_j / t_k). Given Z_{k-1} = z, Z_k is normal with mean (z sqrt(t_{k-1})
 * + drift (t_k - t_{k-1})) / sqrt(t_k) and standard deviation sqrt((t_k - t_{k-1}) / t_k).
 *
 * <p>The grid is what makes daily looks work. rpact uses 91 points over the continuation region
 * whatever the spacing of the looks, and its answers go wrong once two looks are close (for t =
 * (0.5, 0.501, 1) its final boundary is 1.52 where the right value is 1.97). Here the spacing of
 * look k's grid is at most 0.05 and at most a sixth of the width of the normal kernels that meet it
 * (from look k - 1 and to look k + 1), so 365 daily looks integrate as accurately as five; each
 * node only sums the previous nodes within 8.5 kernel widths, which keeps the cost linear in the
 * number of nodes.
 *
 * <p>Usage: for each look k in order, {@link #crossing} for candidate boundaries, then {@link
 * #advance} with the boundary chosen. Not thread-safe; one instance per computation.
 */
final class SequentialIntegration {

  /** A boundary at or above this is reported as infinite (no stop possible), as rpact does. */
  static final double NO_STOP = 7.5;

  /** The sub-density of Z_k is negligible (< 1e-18) further than this from E[Z_k]. */
  private static final double WINDOW = 9;

  private static final double MAX_STEP = 0.05;
  private static final double STEPS_PER_KERNEL_WIDTH = 6;
  private static final double BAND = 8.5;

  private final double[] t;
  private final double drift;
  private final double refinement;
  private int look; // 0-based index of the look whose crossing is integrated next
  // The previous look's nodes low + j * step (j < mass.length); before look 1 a point mass at 0.
  private double low = 0;
  private double step = 0;
  private double[] mass = {1}; // Simpson weight times sub-density at each node
  private double[] means; // E[Z_look | Z_previous = node j], increasing in j
  private double[] cumulativeMass; // cumulativeMass[j] = mass[0] + ... + mass[j - 1]

  SequentialIntegration(double[] informationFractions, double drift) {
    this(informationFractions, drift, 1);
  }

  /**
   * @param refinement divides the grid spacing (tests use 4 to show the default has converged)
   */
  SequentialIntegration(double[] informationFractions, double drift, double refinement) {
    this.t = informationFractions;
    this.drift = drift;
    this.refinement = refinement;
    prepareLook();
  }

  /** Probability of first crossing the boundary c at the current look: above and below. */
  double[] crossing(double c) {
    if (c == Double.POSITIVE_INFINITY) {
      return new double[] {0, 0};
    }
    return new double[] {tail(c, 1, null), tail(-c, -1, null)};
  }

  /**
   * Two-sided crossing probability at c and its derivative in c, for Newton's method. The
   * derivative is taken with the opposite sign (it is positive).
   */
  double[] twoSidedWithSlope(double c) {
    double[] slope = new double[1];
    double probability = tail(c, 1, slope) + tail(-c, -1, slope);
    return new double[] {probability, slope[0]};
  }

  /**
   * Sum over nodes of mass * P(Z_look beyond the boundary b | node), beyond meaning above for
   * direction 1 and below for -1. Nodes more than {@link #BAND} kernel widths from b contribute all
   * or nothing, so only the nodes near b are evaluated: with daily looks the kernel is narrow and
   * that is a small fraction of them. Adds d(probability)/d|b| to slope[0] when given.
   */
  private double tail(double b, int direction, double[] slope) {
    double sd = kernelSd();
    int from = firstMeanAtLeast(b - BAND * sd);
    int to = firstMeanAtLeast(b + BAND * sd);
    double sum =
        direction > 0 ? cumulativeMass[mass.length] - cumulativeMass[to] : cumulativeMass[from];
    double density = 0;
    for (int j = from; j < to; j++) {
      double u = direction * (means[j] - b) / sd;
      sum += mass[j] * Gaussian.cdf(u);
      if (slope != null) {
        density += mass[j] * Gaussian.pdf(u);
      }
    }
    if (slope != null) {
      slope[0] += density / sd;
    }
    return sum;
  }

  private int firstMeanAtLeast(double value) {
    int lowIndex = 0;
    int highIndex = means.length;
    while (lowIndex < highIndex) {
      int mid = (lowIndex + highIndex) >>> 1;
      if (means[mid] < value) {
        lowIndex = mid + 1;
      } else {
        highIndex = mid;
      }
    }
    return lowIndex;
  }

  /** Moves to the next look, keeping the paths with |Z_k| below c (c may be infinite). */
  void advance(double c) {
    double center = drift * Math.sqrt(t[look]);
    double from = Math.max(-c, center - WINDOW);
    double to = Math.min(c, center + WINDOW);
    double[] next;
    double h = 0;
    if (to <= from || mass.length == 0) {
      next = new double[0];
    } else {
      int intervals = 2 * (int) Math.ceil((to - from) / (2 * gridStep()));
      h = (to - from) / intervals;
      next = density(from, h, intervals + 1);
      for (int i = 0; i <= intervals; i++) {
        double simpson = i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2);
        next[i] *= simpson * h / 3;
      }
    }
    low = from;
    step = h;
    mass = next;
    look++;
    prepareLook();
  }

  /**
   * Sub-density at nodes from + i h of the current look: for each node, the previous look's mass
   * within {@link #BAND} kernel widths times the normal kernel. Both grids are uniform, so along a
   * row the kernel follows exp(-u^2/2) with u stepping by a constant d, and each next value is the
   * last one times a ratio that itself changes by the factor exp(-d^2): two multiplications per
   * term instead of an exp.
   */
  private double[] density(double from, double h, int count) {
    double sd = kernelSd();
    double norm = 1 / (sd * Math.sqrt(2 * Math.PI));
    double d = means.length > 1 ? (means[1] - means[0]) / sd : 0;
    double ratioStep = Math.exp(-d * d);
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      double x = from + i * h;
      int first = firstMeanAtLeast(x - BAND * sd);
      int last = firstMeanAtLeast(x + BAND * sd);
      if (first >= last) {
        continue;
      }
      double u = (x - means[first]) / sd;
      double kernel = Math.exp(-0.5 * u * u);
      double ratio = Math.exp(u * d - 0.5 * d * d);
      double sum = 0;
      for (int j = first; j < last; j++) {
        sum += mass[j] * kernel;
        kernel *= ratio;
        ratio *= ratioStep;
      }
      out[i] = sum * norm;
    }
    return out;
  }

  private void prepareLook() {
    if (look >= t.length) {
      return;
    }
    double tk = t[look];
    double tp = previousT();
    double scale = Math.sqrt(tp / tk);
    double shift = drift * (tk - tp) / Math.sqrt(tk);
    means = new double[mass.length];
    cumulativeMass = new double[mass.length + 1];
    for (int j = 0; j < mass.length; j++) {
      means[j] = (low + j * step) * scale + shift;
      cumulativeMass[j + 1] = cumulativeMass[j] + mass[j];
    }
  }

  private double previousT() {
    return look == 0 ? 0 : t[look - 1];
  }

  private double kernelSd() {
    return Math.sqrt((t[look] - previousT()) / t[look]);
  }

  /**
   * Grid spacing for the current look: the kernel from the previous look and the one to the next
   * look must each span several nodes, so the density's features and the integrand are resolved.
   */
  private double gridStep() {
    double h = MAX_STEP / refinement;
    if (look > 0) {
      h = Math.min(h, kernelSd() / (STEPS_PER_KERNEL_WIDTH * refinement));
    }
    if (look + 1 < t.length) {
      h =
          Math.min(
              h,
              Math.sqrt((t[look + 1] - t[look]) / t[look]) / (STEPS_PER_KERNEL_WIDTH * refinement));
    }
    return h;
  }
}
