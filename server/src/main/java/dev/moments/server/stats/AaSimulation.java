package dev.moments.server.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Monte Carlo check of the error rates, power and sample sizes the report promises, one row per
 * method. Each simulated experiment gets the same number of units every day for {@code days} days
 * and is read at the end of every day:
 *
 * <ul>
 *   <li>A/A (no true difference): the share that EVER declares a difference, in either direction.
 *   <li>A/B at exactly the MDE: the share that declares the treatment better by the method's
 *       planned sample (power), the mean units it used by then (a stop ends the experiment), and
 *       whether the interval it shows at that point contains the true lift (coverage).
 * </ul>
 *
 * The group-sequential rows use {@link SequentialMonitor}, the report's own rule. Only daily
 * sufficient statistics are simulated ({@link SimulatedTraffic} says why that is exact). Run (after
 * {@code mvn -B -pl server -am package -DskipTests -Dsdk-js.skip=true}): {@code java -cp
 * server/target/moments-server.jar dev.moments.server.stats.AaSimulation [experiments=40000]
 * [seed]}: about 3.5 minutes on a shared 2-core machine. 40,000 rather than 10,000 per row because
 * a method that spends exactly alpha shows an A/A estimate above alpha half the time, and at 10,000
 * the Wilson upper bound sits 0.004 above the estimate.
 */
public final class AaSimulation {

  /**
   * @param explainedVariance share of the metric's variance in control that the CUPED covariate
   *     explains
   * @param treatmentsForFamilyWise treatments of the A/A/.../A run (each compared with control)
   */
  public record Config(
      int experiments,
      int days,
      double baseline,
      double mde,
      double alpha,
      double power,
      double explainedVariance,
      int treatmentsForFamilyWise,
      long seed) {

    public static Config standard(int experiments, long seed) {
      return new Config(experiments, 30, 0.10, 0.10, 0.05, 0.8, 0.3, 3, seed);
    }
  }

  /** A count out of n, with a Wilson 95 % interval. */
  public record Share(long count, long n) {
    public double value() {
      return (double) count / n;
    }

    public double low() {
      return wilson(-1);
    }

    public double high() {
      return wilson(1);
    }

    private double wilson(int sign) {
      double z = 1.959963984540054;
      double p = value();
      double center = p + z * z / (2 * n);
      double spread = z * Math.sqrt(p * (1 - p) / n + z * z / (4.0 * n * n));
      return (center + sign * spread) / (1 + z * z / n);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT, "%.4f (95%% CI %.4f to %.4f, %d of %d)", value(), low(), high(), count, n);
    }
  }

  /**
   * @param unitsPerPlanned mean units used at the MDE / the method's planned units
   * @param unitsPerFixed the same / the fixed test's planned units
   */
  public record Row(
      String method,
      long plannedPerArm,
      Share aaSignificant,
      Share power,
      double unitsPerPlanned,
      double unitsPerFixed,
      Share coverage) {}

  /**
   * @param inflationFactor of the O'Brien-Fleming design with {@code days} equally spaced looks
   * @param familyWise A/A/A/A, any comparison ever crossing: group-sequential without CUPED
   * @param familyWiseCuped the same with CUPED
   * @param brownian simulated Brownian paths that ever cross the boundaries of the group-sequential
   *     row's looks: the boundaries alone, without the data's approximations (should be alpha)
   */
  public record Result(
      Config config,
      long fixedPerArm,
      double inflationFactor,
      List<Row> rows,
      Share familyWise,
      Share familyWiseCuped,
      Share brownian) {

    public Row row(String method) {
      return rows.stream().filter(r -> r.method().equals(method)).findFirst().orElseThrow();
    }
  }

  public static final String FIXED = "fixed, read once";
  public static final String PEEKING = "fixed, read daily (peeking)";
  public static final String ALWAYS_VALID = "always-valid (today)";
  public static final String GROUP_SEQUENTIAL = "group-sequential OBF";
  public static final String GROUP_SEQUENTIAL_CUPED = "group-sequential OBF + CUPED";

  private AaSimulation() {}

  public static Result run(Config config) {
    PowerCalculator.SampleSize fixed =
        PowerCalculator.binomial(config.baseline(), config.mde(), config.alpha(), config.power());
    double inflation =
        PowerCalculator.inflationFactor(
            Spending.OBRIEN_FLEMING, config.days(), config.alpha(), config.power());
    SplittableRandom random = new SplittableRandom(config.seed());
    List<Row> rows = new ArrayList<>(FixedHorizonRows.run(config, fixed, random.split()));
    rows.addAll(SequentialRows.run(config, fixed, inflation, random.split()));
    Share[] familyWise = SequentialRows.familyWise(config, random.split());
    Share brownian = SequentialRows.brownian(config, fixed, inflation, random.split());
    return new Result(
        config,
        fixed.unitsPerVariant(),
        inflation,
        List.copyOf(rows),
        familyWise[0],
        familyWise[1],
        brownian);
  }

  public static void main(String[] args) {
    int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261123L;
    long started = System.nanoTime();
    Result r = run(Config.standard(experiments, seed));
    Config c = r.config();
    System.out.printf(
        Locale.ROOT,
        "%d simulated experiments per row, read daily for %d days; baseline %.2f, relative MDE %.2f,"
            + " alpha %.2f, power %.2f, seed %d%n",
        c.experiments(),
        c.days(),
        c.baseline(),
        c.mde(),
        c.alpha(),
        c.power(),
        c.seed());
    System.out.printf(
        Locale.ROOT,
        "fixed test: %d units per arm; group-sequential plan: x %.5f (O'Brien-Fleming, %d looks);"
            + " CUPED covariate explains %.0f %% of the variance in control%n%n",
        r.fixedPerArm(),
        r.inflationFactor(),
        c.days(),
        100 * c.explainedVariance());
    System.out.println(
        "| method | planned units / arm | A/A: ever significant (95 % upper) | power at MDE by the plan"
            + " | mean units at MDE / planned | / fixed test's | CI coverage at MDE |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Row row : r.rows()) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %.4f (%.4f) | %.4f | %.3f | %.3f | %.4f |%n",
          row.method(),
          row.plannedPerArm(),
          row.aaSignificant().value(),
          row.aaSignificant().high(),
          row.power().value(),
          row.unitsPerPlanned(),
          row.unitsPerFixed(),
          row.coverage().value());
    }
    System.out.printf(
        Locale.ROOT,
        "%nA/A/A/A, %d comparisons with control at alpha/%d, group-sequential OBF: any ever"
            + " significant %s; with CUPED %s%n",
        c.treatmentsForFamilyWise(),
        c.treatmentsForFamilyWise(),
        r.familyWise(),
        r.familyWiseCuped());
    System.out.printf(
        Locale.ROOT,
        "Brownian paths through the group-sequential row's %d looks (the boundaries alone): ever"
            + " crossing %s%n",
        c.days(),
        r.brownian());
    System.out.printf(Locale.ROOT, "took %.1f s%n", (System.nanoTime() - started) / 1e9);
  }
}
