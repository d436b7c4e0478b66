package dev.moments.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** Small builders shared by the tests. */
final class TestConfigs {
  static final String MOMENT = "fmot.landing-hero";

  private TestConfigs() {}

  static ExperimentDefinition running(
      String key, String salt, List<BucketRange> ranges, double... weights) {
    return experiment(key, salt, "running", ranges, null, null, weights);
  }

  static ExperimentDefinition experiment(
      String key,
      String salt,
      String status,
      List<BucketRange> ranges,
      Targeting targeting,
      String rollout,
      double... weights) {
    List<VariantDefinition> variants = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) {
      variants.add(new VariantDefinition("v" + i, weights[i], "{\"index\":" + i + "}"));
    }
    int width = ranges.stream().mapToInt(BucketRange::width).sum();
    return new ExperimentDefinition(
        key, MOMENT, salt, status, width / 100.0, ranges, variants, targeting, rollout);
  }

  static List<BucketRange> range(int start, int end) {
    return List.of(new BucketRange(start, end));
  }

  /** Reproducible random unit ids (UUID text, like browser-made visitor ids). */
  static List<String> randomIds(long seed, int count) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
    }
    return ids;
  }

  static int variantIndex(Assignment assignment) {
    return Integer.parseInt(assignment.variant().substring(1));
  }

  /** Pearson's statistic of observed counts against expected shares of their total. */
  static double chiSquare(long[] observed, double[] expectedShares) {
    long total = 0;
    for (long count : observed) {
      total += count;
    }
    double statistic = 0;
    for (int i = 0; i < observed.length; i++) {
      double expected = total * expectedShares[i];
      statistic += (observed[i] - expected) * (observed[i] - expected) / expected;
    }
    return statistic;
  }
}
