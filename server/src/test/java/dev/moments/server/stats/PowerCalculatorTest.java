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

  /**
   * Inflation factor and expected samples (H1, H0) against rpact's getDesignCharacteristics for 1
   * to 20 equally spaced looks, both spendings, four alpha / power pairs (power_reference.R): 1e-5
   * relative.
   */
  @Test
  void groupSequentialInflationMatchesRpact() {
    int checked = 0;
    for (String[] f : ReferenceFile.lines("power_reference.R.out")) {
      if (!f[0].equals("design")) {
        continue;
      }
      Spending spending = f[1].equals("obrien_fleming") ? Spending.OBRIEN_FLEMING : Spending.POCOCK;
      int looks = Integer.parseInt(f[2]);
      double alpha = Double.parseDouble(f[3]);
      double power = Double.parseDouble(f[4]);
      String what = spending + " " + looks + " looks, alpha " + alpha + ", power " + power;
      double inflation = PowerCalculator.inflationFactor(spending, looks, alpha, power);
      Close.relative(Double.parseDouble(f[5]), inflation, 1e-5, what + ": inflation factor");
      if (looks > 1) {
        GroupSequentialDesign.DesignCharacteristics c =
            GroupSequentialDesign.characteristics(
                GroupSequentialDesignTest.equallySpaced(looks), alpha, power, spending);
        Close.relative(
            Double.parseDouble(f[6]), c.averageSampleNumberAtEffect(), 1e-5, what + ": ASN1");
        Close.relative(
            Double.parseDouble(f[7]), c.averageSampleNumberAtNull(), 1e-5, what + ": ASN0");
      }
      checked++;
    }
    assertEquals(160, checked);
  }

  /**
   * The plan: R's power.prop.test sample (reference.R line 32, 14750.79) x rpact's inflation factor
   * for 20 O'Brien-Fleming looks (1.04629528481, which rpact's getSampleSizeRates applies to its
   * own fixed sample too: power_reference.R "rates") x (1 - expected variance reduction).
   */
  @Test
  void sequentialPlanInflatesAndReducesTheFixedSample() {
    PowerCalculator.SampleSize fixed = PowerCalculator.binomial(0.10, 0.1, 0.05, 0.8);
    PowerCalculator.SampleSize plan = PowerCalculator.sequentialPlan(fixed, 1.04629528481, 0);
    Close.relative(14750.790469 * 1.04629528481, plan.exactUnitsPerVariant(), 1e-6, "plan");
    assertEquals((long) Math.ceil(14750.790469 * 1.04629528481), plan.unitsPerVariant());
    PowerCalculator.SampleSize cuped = PowerCalculator.sequentialPlan(fixed, 1.04629528481, 0.3);
    Close.relative(14750.790469 * 1.04629528481 * 0.7, cuped.exactUnitsPerVariant(), 1e-6, "cuped");
    assertThrows(
        IllegalArgumentException.class, () -> PowerCalculator.sequentialPlan(fixed, 0.9, 0));
    assertThrows(
        IllegalArgumentException.class, () -> PowerCalculator.sequentialPlan(fixed, 1.1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> PowerCalculator.inflationFactor(Spending.POCOCK, 0, 0.05, 0.8));
  }
}
