package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * R power.prop.test / power.t.test (reference.R lines 30-40). R's uniroot stops at tol ~1.2e-4 in
 * n, so exact roots are compared within 1e-3 units and the rounded-up figures exactly.
 */
class PowerCalculatorTest {

  private static final double ROOT_TOLERANCE = 1e-3;

  private static void assertSize(PowerCalculator.SampleSize size, double rRoot) {
    Close.absolute(rRoot, size.exactUnitsPerVariant(), ROOT_TOLERANCE, "n per variant");
    assertEquals((long) Math.ceil(rRoot), size.unitsPerVariant());
  }

  @Test
  void proportionsMatchR() {
    PowerCalculator.SampleSize brief = PowerCalculator.binomial(0.023, 0.25, 0.05, 0.8);
    assertSize(brief, 11966.1444284); // line 30
    assertEquals(11967, brief.unitsPerVariant());
    assertEquals(23934, brief.totalUnits(2));
    assertSize(
        PowerCalculator.binomial(0.023, 0.029 / 0.023 - 1, 0.05, 0.8), 11041.3226747); // line 31
    assertEquals(
        11042, PowerCalculator.binomial(0.023, 0.029 / 0.023 - 1, 0.05, 0.8).unitsPerVariant());
    assertSize(PowerCalculator.binomial(0.10, 0.1, 0.05, 0.8), 14750.790469); // line 32
    assertSize(PowerCalculator.binomial(0.30, -0.1, 0.01, 0.9), 6735.4103177); // line 33
    assertSize(PowerCalculator.binomial(0.5, 0.2, 0.1, 0.8), 304.988491428); // line 34
  }

  @Test
  void meansMatchR() {
    assertSize(
        PowerCalculator.mean(10, 1, 0.1, 0.05, 0.8), 16.7147681423); // line 37: delta 1, sd 1
    assertSize(PowerCalculator.mean(0.41, 3.9, 0.1, 0.05, 0.8), 142037.201574); // line 38
    assertSize(PowerCalculator.mean(50, 20, 0.1, 0.01, 0.9), 477.802065038); // line 39: delta 5
    assertSize(PowerCalculator.mean(-5, 1, -0.1, 0.05, 0.8), 63.7657637143); // line 40: delta 0.5
  }

  @Test
  void rejectsImpossibleInputsNamingThem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PowerCalculator.binomial(0.9, 0.25, 0.05, 0.8));
    assertEquals("baseline * (1 + mde) must be in (0,1), got 1.125", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> PowerCalculator.binomial(0, 0.25, 0.05, 0.8));
    assertThrows(IllegalArgumentException.class, () -> PowerCalculator.binomial(0.1, 0, 0.05, 0.8));
    assertThrows(IllegalArgumentException.class, () -> PowerCalculator.mean(1, 0, 0.1, 0.05, 0.8));
  }
}
