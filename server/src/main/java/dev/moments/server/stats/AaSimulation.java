package dev.moments.server.stats;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Monte Carlo check of the error rates the report promises. Each simulated experiment is read every
 * day:
 *
 * <ul>
 *   <li>A/A (no true difference): the share that EVER declares a winner with the always-valid
 *       sequential test must stay at or below alpha; the same data read daily with the
 *       fixed-horizon t test shows the peeking inflation.
 *   <li>A/B at exactly the MDE with the planned sample: empirical power of the fixed test at the
 *       planned horizon (should be near the target) and of the sequential test, and the coverage of
 *       the fixed interval.
 * </ul>
 *
 * Only sufficient statistics are simulated (daily binomial counts), so 2,000 experiments run in
 * seconds. Run (after {@code mvn -B -pl server -am package -DskipTests -Dsdk-js.skip=true}): {@code
 * java -cp server/target/moments-server.jar dev.moments.server.stats.AaSimulation
 * [experiments=2000] [seed]}
 */
public final class AaSimulation {

  /**
   * @param dailyUnitsPerArm 0 means: spread the planned sample evenly over the days
   */
  public record Config(
      int experiments,
      int days,
      double baseline,
      double mde,
      double alpha,
      double power,
      long dailyUnitsPerArm,
      long seed) {

    public static Config standard(int experiments, long seed) {
      return new Config(experiments, 30, 0.10, 0.10, 0.05, 0.8, 0, seed);
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

  public record Result(
      Config config,
      long plannedPerVariant,
      long dailyUnitsPerArm,
      Share sequentialFalsePositives,
      Share peekingFalsePositives,
      Share fixedHorizonFalsePositives,
      Share fixedPower,
      Share sequentialPower,
      Share fixedCoverage) {}

  private AaSimulation() {}

  public static Result run(Config config) {
    long planned =
        PowerCalculator.binomial(config.baseline(), config.mde(), config.alpha(), config.power())
            .unitsPerVariant();
    long daily =
        config.dailyUnitsPerArm() > 0
            ? config.dailyUnitsPerArm()
            : (planned + config.days() - 1) / config.days();
    TestSettings sequential = TestSettings.sequential(config.alpha(), 2.0 * planned);
    TestSettings fixed = TestSettings.fixedHorizon(config.alpha());
    double treated = config.baseline() * (1 + config.mde());
    SplittableRandom random = new SplittableRandom(config.seed());
    int[] counts = new int[6];
    for (int i = 0; i < config.experiments(); i++) {
      Looks aa =
          Looks.simulate(random.split(), config, daily, config.baseline(), sequential, fixed);
      Looks ab = Looks.simulate(random.split(), config, daily, treated, sequential, fixed);
      counts[0] += aa.sequentialEver() ? 1 : 0;
      counts[1] += aa.fixedEver() ? 1 : 0;
      counts[2] += aa.fixedAtEnd() ? 1 : 0;
      counts[3] += ab.fixedAtEnd() && ab.finalLift().relative().estimate() > 0 ? 1 : 0;
      counts[4] += ab.sequentialEver() ? 1 : 0;
      counts[5] +=
          ab.finalLift().ok() && ab.finalLift().relative().ci().contains(config.mde()) ? 1 : 0;
    }
    int n = config.experiments();
    return new Result(
        config,
        planned,
        daily,
        new Share(counts[0], n),
        new Share(counts[1], n),
        new Share(counts[2], n),
        new Share(counts[3], n),
        new Share(counts[4], n),
        new Share(counts[5], n));
  }

  /** One experiment read at the end of every day. */
  private record Looks(
      boolean sequentialEver, boolean fixedEver, boolean fixedAtEnd, LiftResult finalLift) {

    static Looks simulate(
        SplittableRandom random,
        Config config,
        long daily,
        double treatmentRate,
        TestSettings sequential,
        TestSettings fixed) {
      SampleStats control = SampleStats.EMPTY;
      SampleStats treatment = SampleStats.EMPTY;
      boolean sequentialEver = false;
      boolean fixedEver = false;
      LiftResult last = null;
      for (int day = 0; day < config.days(); day++) {
        control =
            control.plus(SampleStats.binomial(daily, binomial(random, daily, config.baseline())));
        treatment =
            treatment.plus(SampleStats.binomial(daily, binomial(random, daily, treatmentRate)));
        sequentialEver |=
            significant(
                LiftCalculator.compare(control, treatment, MetricType.BINOMIAL, sequential),
                config.alpha());
        last = LiftCalculator.compare(control, treatment, MetricType.BINOMIAL, fixed);
        fixedEver |= significant(last, config.alpha());
      }
      return new Looks(sequentialEver, fixedEver, significant(last, config.alpha()), last);
    }

    private static boolean significant(LiftResult lift, double alpha) {
      return lift.ok() && lift.relative().pValue() < alpha;
    }
  }

  /**
   * Exact binomial draw as a sum of Bernoulli trials: simple, unbiased, fast enough for ~1,000 per
   * day.
   */
  static long binomial(SplittableRandom random, long trials, double p) {
    long successes = 0;
    for (long i = 0; i < trials; i++) {
      if (random.nextDouble() < p) {
        successes++;
      }
    }
    return successes;
  }

  public static void main(String[] args) {
    int experiments = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261123L;
    long started = System.nanoTime();
    Result r = run(Config.standard(experiments, seed));
    Config c = r.config();
    System.out.printf(
        Locale.ROOT,
        "%d simulated experiments, each read daily for %d days; baseline %.3f, alpha %.2f, seed %d%n",
        c.experiments(),
        c.days(),
        c.baseline(),
        c.alpha(),
        c.seed());
    System.out.printf(
        Locale.ROOT,
        "planned sample %d per variant (relative MDE %.2f, power %.2f) -> %d units per arm per day%n",
        r.plannedPerVariant(),
        c.mde(),
        c.power(),
        r.dailyUnitsPerArm());
    System.out.println(
        "A/A sequential (always-valid) ever declared a winner: " + r.sequentialFalsePositives());
    System.out.println(
        "A/A fixed-horizon test read every day (peeking):     " + r.peekingFalsePositives());
    System.out.println(
        "A/A fixed-horizon test read once at the horizon:     " + r.fixedHorizonFalsePositives());
    System.out.println("A/B at the MDE, fixed-horizon power at the horizon:  " + r.fixedPower());
    System.out.println(
        "A/B at the MDE, sequential power within the horizon: " + r.sequentialPower());
    System.out.println("A/B fixed CI coverage of the true lift:              " + r.fixedCoverage());
    System.out.printf(Locale.ROOT, "took %.1f s%n", (System.nanoTime() - started) / 1e9);
  }
}
