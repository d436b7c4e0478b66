package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * R p.adjust, reference.R lines 54-57 (tags holm-1, bh-1, holm-2, bh-2); tolerance 1e-9 absolute.
 */
class MultipleComparisonsTest {

  @Test
  void holmMatchesR() {
    assertArrayEquals(
        new double[] {.05, .12, .12, .03, 1, 1},
        MultipleComparisons.adjust(new double[] {.01, .04, .03, .005, .55, .6}, Correction.HOLM),
        1e-9);
    assertArrayEquals(
        new double[] {0.04, 0.003, 0.04},
        MultipleComparisons.adjust(new double[] {0.02, 0.001, 0.04}, Correction.HOLM),
        1e-9);
  }

  @Test
  void benjaminiHochbergMatchesR() {
    assertArrayEquals(
        new double[] {.964, .2415, .0245, .964, .7532, .0245, .2415},
        MultipleComparisons.adjust(
            new double[] {.898, .138, .007, .964, .538, .006, .138}, Correction.BH),
        1e-9);
    assertArrayEquals(
        new double[] {0.04, 0.004, 0.0533333333333, 0.3},
        MultipleComparisons.adjust(new double[] {0.02, 0.001, 0.04, 0.3}, Correction.BH),
        1e-9);
  }

  @Test
  void noneLeavesValuesAlone() {
    assertArrayEquals(
        new double[] {0.02, 0.5},
        MultipleComparisons.adjust(new double[] {0.02, 0.5}, Correction.NONE),
        0);
  }

  @Test
  void rejectsValuesOutsideZeroOne() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MultipleComparisons.adjust(new double[] {Double.NaN}, Correction.HOLM));
  }
}
