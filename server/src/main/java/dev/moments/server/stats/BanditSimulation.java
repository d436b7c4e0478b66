package dev.moments.server.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Monte Carlo check of the bandit (issue 21) with the server's own pure classes: {@link
 * ThompsonAllocation} sets the weights after every update period, {@link BanditEstimator} reads the
 * arms at the end. Each run: {@code days} days of {@code visitorsPerDay} visitors, each shown an
 * arm drawn from the weights in force and converting with the arm's rate times the day's baseline
 * factor; equal weights until {@code burnInUnits} units, then Thompson weights floored at {@code
 * minShare}, recomputed every 1/{@code updatesPerDay} day from the arms' pooled counts.
 *
 * <ul>
 *   <li>Regret: expected conversions lost against always showing the best arm, summed over the
 *       visitors the arms actually got, divided by the same for a fixed equal split.
 *   <li>Best arm found: the arm with the highest final probability of being best is the truly best.
 *   <li>Bias (drifting baseline: the run starts on a Saturday and weekends convert {@code
 *       weekendFactor} times as often): the lift is the difference of the best and the worst arm's
 *       conversion rates over the whole traffic mix; its mean estimate across runs minus the true
 *       one, as a share of the true one, for the weighted estimate and the naive pooled one. A
 *       difference, not a ratio: a ratio of means is biased by a small denominator (the worst arm
 *       at the floor has ~40 conversions, so 1/40 = 2.5 % of the ratio) whatever the weighting.
 * </ul>
 *
 * Run (after {@code mvn -B -q -DskipTests -Dsdk-js.skip=true package}): {@code java -cp
 * server/target/moments-server.jar dev.moments.server.stats.BanditSimulation [runs=1000] [seed]}:
 * rows for daily and hourly updates (hourly rows with runs / 10: 24 times the updates), floors 5 %
 * and 1 %, a flat baseline and weekends converting 1.5 times as often.
 */
public final class BanditSimulation {

  /**
   * @param rates each arm's conversion rate on a weekday
   * @param draws Monte Carlo draws per weight update (the server's is {@link
   *     ThompsonAllocation#DEFAULT_DRAWS})
   */
  public record Config(
      int runs,
      int days,
      int visitorsPerDay,
      int updatesPerDay,
      double[] rates,
      double minShare,
      long burnInUnits,
      double weekendFactor,
      int draws,
      long seed) {

    /** The creatives: 2.3 %, 2.6 %, 2.9 %, 30 days of 1,000 visitors, 5 % floor. */
    public static Config creatives(
        int runs, int updatesPerDay, double minShare, double weekendFactor, long seed) {
      return new Config(
          runs,
          30,
          1000,
          updatesPerDay,
          new double[] {0.023, 0.026, 0.029},
          minShare,
          1000,
          weekendFactor,
          ThompsonAllocation.DEFAULT_DRAWS,
          seed);
    }

    public Config withDraws(int draws) {
      return new Config(
          runs,
          days,
          visitorsPerDay,
          updatesPerDay,
          rates,
          minShare,
          burnInUnits,
          weekendFactor,
          draws,
          seed);
    }
  }

  /**
   * @param regretRatio the bandit's mean regret over the fixed equal split's
   * @param bestFound runs whose final best arm is the true best
   * @param weightedBias (mean weighted lift - true lift) / true lift
   * @param pooledBias the same for the naive pooled estimate
   */
  public record Result(
      Config config,
      double banditRegret,
      double fixedRegret,
      AaSimulation.Share bestFound,
      double weightedBias,
      double pooledBias) {

    public double regretRatio() {
      return banditRegret / fixedRegret;
    }
  }

  /**
   * Draws per update in the simulation: 1,000 (P(best) within 0.016, 1 standard error) keeps a
   * 1,000-run table near a minute; the server uses {@link ThompsonAllocation#DEFAULT_DRAWS}.
   */
  static final int DRAWS = Integer.getInteger("bandit.draws", 1000);

  private BanditSimulation() {}

  public static Result run(Config c) {
    SplittableRandom random = new SplittableRandom(c.seed());
    int best = bestArm(c.rates());
    int worst = worstArm(c.rates());
    double banditRegret = 0;
    double fixedRegret = 0;
    long found = 0;
    double weightedLift = 0;
    double pooledLift = 0;
    double trueLift = 0;
    for (int r = 0; r < c.runs(); r++) {
      Run run = new Run(c, random.split());
      run.play();
      banditRegret += run.regret;
      fixedRegret += run.fixedRegret;
      found += run.finalBest == best ? 1 : 0;
      weightedLift +=
          BanditEstimator.estimate(run.periods.get(best)).mean()
              - BanditEstimator.estimate(run.periods.get(worst)).mean();
      pooledLift +=
          BanditEstimator.pooledMean(run.periods.get(best))
              - BanditEstimator.pooledMean(run.periods.get(worst));
      trueLift += run.trueLift(best, worst);
    }
    return new Result(
        c,
        banditRegret / c.runs(),
        fixedRegret / c.runs(),
        new AaSimulation.Share(found, c.runs()),
        (weightedLift - trueLift) / trueLift,
        (pooledLift - trueLift) / trueLift);
  }

  /** One simulated experiment. */
  private static final class Run {
    private final Config c;
    private final SplittableRandom random;
    private final List<List<BanditEstimator.Period>> periods = new ArrayList<>();
    private final SampleStats[] pooled;
    private double regret;
    private double fixedRegret;
    private double factorSum;
    private int finalBest;

    Run(Config c, SplittableRandom random) {
      this.c = c;
      this.random = random;
      int arms = c.rates().length;
      pooled = new SampleStats[arms];
      for (int a = 0; a < arms; a++) {
        periods.add(new ArrayList<>());
        pooled[a] = SampleStats.EMPTY;
      }
    }

    void play() {
      int arms = c.rates().length;
      double[] weights = equal(arms);
      double[] probabilityBest = equal(arms);
      double top = c.rates()[bestArm(c.rates())];
      double average = java.util.Arrays.stream(c.rates()).average().orElseThrow();
      long units = 0;
      for (int day = 0; day < c.days(); day++) {
        double factor = day % 7 < 2 ? c.weekendFactor() : 1; // day 0 is a Saturday
        for (int u = 0; u < c.updatesPerDay(); u++) {
          int visitors = visitorsIn(u);
          long[] n = new long[arms];
          long[] converted = new long[arms];
          for (int v = 0; v < visitors; v++) {
            int arm = draw(weights);
            n[arm]++;
            converted[arm] += random.nextDouble() < c.rates()[arm] * factor ? 1 : 0;
            regret += (top - c.rates()[arm]) * factor;
          }
          fixedRegret += visitors * (top - average) * factor;
          factorSum += visitors * factor;
          units += visitors;
          for (int a = 0; a < arms; a++) {
            SampleStats s = SampleStats.binomial(n[a], converted[a]);
            periods.get(a).add(new BanditEstimator.Period(s, weights[a]));
            pooled[a] = pooled[a].plus(s);
          }
          if (units >= c.burnInUnits()) {
            ThompsonAllocation next =
                ThompsonAllocation.allocate(
                    List.of(pooled),
                    MetricType.BINOMIAL,
                    false,
                    c.minShare(),
                    c.draws(),
                    random.nextLong());
            weights = next.weights();
            probabilityBest = next.probabilityBest();
          }
        }
      }
      finalBest = argMax(probabilityBest);
    }

    /** The lift over the traffic mix: (best - worst rate) times the mean baseline factor. */
    double trueLift(int best, int worst) {
      long visitors = (long) c.days() * c.visitorsPerDay();
      return (c.rates()[best] - c.rates()[worst]) * factorSum / visitors;
    }

    private int visitorsIn(int update) {
      int base = c.visitorsPerDay() / c.updatesPerDay();
      return base + (update < c.visitorsPerDay() % c.updatesPerDay() ? 1 : 0);
    }

    private int draw(double[] weights) {
      double x = random.nextDouble();
      for (int a = 0; a < weights.length - 1; a++) {
        x -= weights[a];
        if (x < 0) {
          return a;
        }
      }
      return weights.length - 1;
    }
  }

  private static double[] equal(int arms) {
    double[] w = new double[arms];
    java.util.Arrays.fill(w, 1.0 / arms);
    return w;
  }

  private static int argMax(double[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  private static int bestArm(double[] rates) {
    return argMax(rates);
  }

  private static int worstArm(double[] rates) {
    return argMax(java.util.Arrays.stream(rates).map(r -> -r).toArray());
  }

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 20261129L;
    long started = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "3 creatives at 2.3 %%, 2.6 %%, 2.9 %%; 30 days x 1,000 visitors; burn-in 1,000 units;"
            + " %d runs per daily row, %d per hourly row; %d draws per update; seed %d%n%n",
        runs,
        runs / 10,
        DRAWS,
        seed);
    System.out.println(
        "| updates | floor | baseline | bandit regret (conversions) | equal split's | ratio | best arm found"
            + " | weighted lift bias | naive pooled lift bias |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (int updatesPerDay : new int[] {1, 24}) {
      for (double minShare : new double[] {0.05, 0.01}) {
        for (double weekend : new double[] {1.0, 1.5}) {
          Result r =
              run(
                  Config.creatives(
                      updatesPerDay == 1 ? runs : runs / 10,
                      updatesPerDay,
                      minShare,
                      weekend,
                      seed));
          System.out.printf(
              Locale.ROOT,
              "| %s | %.2f | %s | %.1f | %.1f | %.3f | %s | %+.1f %% | %+.1f %% |%n",
              updatesPerDay == 1 ? "daily" : "hourly",
              minShare,
              weekend == 1 ? "flat" : "weekends x " + weekend,
              r.banditRegret(),
              r.fixedRegret(),
              r.regretRatio(),
              r.bestFound(),
              100 * r.weightedBias(),
              100 * r.pooledBias());
        }
      }
    }
    System.out.printf(Locale.ROOT, "%ntook %.1f s%n", (System.nanoTime() - started) / 1e9);
  }
}
