package dev.moments.server.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Adjusted p-values exactly as R's {@code p.adjust} with methods "holm", "BH" and "none". */
public final class MultipleComparisons {

  private MultipleComparisons() {}

  public static double[] adjust(double[] pValues, Correction correction) {
    return switch (correction) {
      case HOLM -> holm(pValues);
      case BH -> benjaminiHochberg(pValues);
      case NONE -> pValues.clone();
    };
  }

  /** Step-down: sorted ascending, p(i) * (m - i), running maximum, capped at 1. */
  static double[] holm(double[] p) {
    int m = p.length;
    Integer[] order = sortedIndexes(p, Comparator.naturalOrder());
    double[] adjusted = new double[m];
    double runningMax = 0;
    for (int i = 0; i < m; i++) {
      runningMax = Math.max(runningMax, Math.min(1, (m - i) * p[order[i]]));
      adjusted[order[i]] = runningMax;
    }
    return adjusted;
  }

  /** Step-up: sorted descending, p(i) * m / rank, running minimum, capped at 1. */
  static double[] benjaminiHochberg(double[] p) {
    int m = p.length;
    Integer[] order = sortedIndexes(p, Comparator.reverseOrder());
    double[] adjusted = new double[m];
    double runningMin = 1;
    for (int i = 0; i < m; i++) {
      int rank = m - i;
      runningMin = Math.min(runningMin, p[order[i]] * m / rank);
      adjusted[order[i]] = runningMin;
    }
    return adjusted;
  }

  private static Integer[] sortedIndexes(double[] p, Comparator<Double> comparator) {
    for (double value : p) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException("p-values must be in [0,1], got " + Arrays.toString(p));
      }
    }
    return IntStream.range(0, p.length)
        .boxed()
        .sorted(Comparator.comparing(i -> p[i], comparator))
        .toArray(Integer[]::new);
  }
}
