package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fold's in-place sums give what SampleStats' plus and minus give, bit for bit. */
class SampleSumTest {

  @Test
  void addsAndSubtractsAsPlusAndMinusDoBitForBit() {
    Random random = new Random(19);
    for (int round = 0; round < 200; round++) {
      List<SampleStats> cells = new ArrayList<>();
      List<Integer> signs = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(8); i++) {
        cells.add(cell(random));
        signs.add(random.nextBoolean() ? 1 : -1);
      }
      SampleStats expected = null;
      SampleSum sum = new SampleSum();
      for (int i = 0; i < cells.size(); i++) {
        SampleStats s = signs.get(i) < 0 ? SampleStats.EMPTY.minus(cells.get(i)) : cells.get(i);
        expected = expected == null ? s : expected.plus(s);
        sum.add(cells.get(i), signs.get(i));
      }
      assertBitForBit(expected, sum.toStats());
    }
  }

  @Test
  void negativeZeroStaysAsPlusLeavesIt() {
    SampleStats negativeZero = new SampleStats(0, 0, -0.0, -0.0);
    SampleSum first = new SampleSum();
    first.add(negativeZero, 1);
    assertBitForBit(negativeZero, first.toStats());
    SampleSum subtracted = new SampleSum();
    subtracted.add(SampleStats.EMPTY, -1);
    assertBitForBit(SampleStats.EMPTY.minus(SampleStats.EMPTY), subtracted.toStats());
    first.add(SampleStats.EMPTY, -1);
    assertBitForBit(negativeZero.plus(SampleStats.EMPTY.minus(SampleStats.EMPTY)), first.toStats());
  }

  @Test
  void readingDoesNotShareArraysWithLaterAdditions() {
    SampleStats unit = SampleStats.EMPTY.withCovariates(CovariateMoments.ofUnit(1, 2, 3));
    SampleSum sum = new SampleSum();
    sum.add(unit, 1);
    SampleStats read = sum.toStats();
    sum.add(unit, 1);
    assertEquals(unit, read);
    assertEquals(unit.plus(unit), sum.toStats());
    assertEquals(CovariateMoments.ofUnit(1, 2, 3), unit.covariates());
  }

  @Test
  void withoutCovariatesStaysWithout() {
    SampleSum sum = new SampleSum();
    sum.add(SampleStats.ONE_UNIT, 1);
    sum.add(SampleStats.binomial(2, 1), -1);
    assertNull(sum.toStats().covariates());
    assertEquals(new SampleStats(-1, -1, -1, -1), sum.toStats());
  }

  @Test
  void refusesMomentsOfAnotherCovariateCount() {
    SampleSum sum = new SampleSum();
    sum.add(SampleStats.EMPTY.withCovariates(CovariateMoments.ofUnit(1, 2)), 1);
    SampleStats other = SampleStats.EMPTY.withCovariates(CovariateMoments.ofUnit(1, 2, 3));
    assertThrows(IllegalArgumentException.class, () -> sum.add(other, 1));
  }

  /** A cell as the fold makes them: counts, sums, sometimes zero, sometimes with CUPED sums. */
  private static SampleStats cell(Random random) {
    double sum = random.nextInt(4) == 0 ? 0.0 : random.nextGaussian() * 10;
    SampleStats s = new SampleStats(random.nextInt(3) - 1, random.nextInt(2), sum, sum * sum * 1.1);
    if (random.nextBoolean()) {
      return s;
    }
    double y = random.nextInt(3) == 0 ? 0.0 : random.nextGaussian();
    CovariateMoments m =
        random.nextBoolean()
            ? CovariateMoments.ofUnit(y, random.nextGaussian(), 0.0, 1.0)
            : CovariateMoments.ofChange(y, y * y, new double[] {random.nextGaussian(), 1.0, 0.0});
    return s.withCovariates(m);
  }

  private static void assertBitForBit(SampleStats expected, SampleStats actual) {
    assertEquals(expected.n(), actual.n());
    assertEquals(expected.converted(), actual.converted());
    assertEquals(bits(expected.sum()), bits(actual.sum()), "sum");
    assertEquals(bits(expected.sumSquares()), bits(actual.sumSquares()), "sumSquares");
    if (expected.covariates() == null) {
      assertNull(actual.covariates());
      return;
    }
    // toArray holds every sum; Double.equals (inside assertArrayEquals) tells -0.0 from 0.0
    assertArrayEquals(expected.covariates().toArray(), actual.covariates().toArray());
  }

  private static long bits(double v) {
    return Double.doubleToRawLongBits(v);
  }
}
