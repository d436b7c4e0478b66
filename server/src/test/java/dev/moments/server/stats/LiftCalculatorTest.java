package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LiftCalculatorTest {

  /** The brief's values are given to 5 significant digits: 5e-5 absolute. */
  private static final double BRIEF = 5e-5;

  /**
   * SciPy / R print 12 significant digits (and R's sums are rounded to 12 digits): 1e-6 relative.
   */
  private static final double REFERENCE = 1e-6;

  @Test
  void meanMetricMatchesTheBriefAndRWelch() {
    LiftResult r =
        LiftCalculator.compare(
            new SampleStats(3407, 1396.87, 52377.9767),
            new SampleStats(3461, 2422.7, 134698.29),
            MetricType.MEAN,
            TestSettings.fixedHorizon(0.05));
    assertNull(r.error());
    Close.absolute(0.70732, r.relative().estimate(), BRIEF, "relative lift");
    Close.absolute(-0.03526, r.relative().ci().low(), BRIEF, "relative ci low");
    Close.absolute(1.44989, r.relative().ci().high(), BRIEF, "relative ci high");
    Close.absolute(0.06191, r.relative().pValue(), BRIEF, "relative p");
    Close.absolute(0.29, r.absolute().estimate(), 1e-12, "absolute lift");
    // reference.R line 26 (t.test on data with exactly these n/mean/variance): tag welch-brief
    Close.relative(0.0453778925593, r.absolute().ci().low(), REFERENCE, "absolute ci low");
    Close.relative(0.534622107441, r.absolute().ci().high(), REFERENCE, "absolute ci high");
    Close.relative(0.0201584026436, r.absolute().pValue(), REFERENCE, "absolute p");
  }

  @Test
  void binomialMatchesTheBrief() {
    LiftResult r =
        LiftCalculator.compare(
            SampleStats.binomial(28, 14),
            SampleStats.binomial(30, 16),
            MetricType.BINOMIAL,
            TestSettings.fixedHorizon(0.05));
    Close.absolute(0.06667, r.relative().estimate(), BRIEF, "relative lift");
    Close.absolute(-0.47767, r.relative().ci().low(), BRIEF, "ci low");
    Close.absolute(0.61101, r.relative().ci().high(), BRIEF, "ci high");
    Close.absolute(0.80707, r.relative().pValue(), BRIEF, "p");
  }

  @Test
  void sequentialMatchesTheBrief() {
    LiftResult r =
        LiftCalculator.compare(
            SampleStats.binomial(3000, 1396),
            SampleStats.binomial(3461, 2422),
            MetricType.BINOMIAL,
            TestSettings.sequential(0.05, 5000));
    Close.absolute(0.50386, r.relative().estimate(), BRIEF, "relative lift");
    Close.absolute(0.40098, r.relative().ci().low(), BRIEF, "ci low");
    Close.absolute(0.60675, r.relative().ci().high(), BRIEF, "ci high");
  }

  /** R t.test(y, x) on generated data, reference.R lines 13-15 and 17-18 (tags welch-1..4). */
  @Test
  void absoluteDifferenceMatchesRWelchTests() {
    assertWelch(
        new SampleStats(200, 2164.53180115, 39616.2182084),
        new SampleStats(180, 2474.63023645, 79071.7021292),
        0.05,
        0.280515899797,
        5.57005760478,
        0.0302976934484);
    assertWelch(
        new SampleStats(50, 257.725840015, 1480.37545684),
        new SampleStats(30, 212.480024276, 2093.74097985),
        0.05,
        0.182078358141,
        3.674222993,
        0.0314305231559);
    assertWelch(
        new SampleStats(1000, 3065, 12519),
        new SampleStats(1200, 3607, 14439),
        0.05,
        -0.206285885246,
        0.0879525519127,
        0.430383311647);
    assertWelch(
        new SampleStats(40, 3965.89876054, 399298.09445),
        new SampleStats(45, 5061.96616505, 584629.094763),
        0.10,
        7.67335054124,
        19.0079854337,
        0.000190592170463);
  }

  private static void assertWelch(
      SampleStats control, SampleStats treatment, double alpha, double low, double high, double p) {
    Effect absolute =
        LiftCalculator.compare(
                control, treatment, MetricType.MEAN, TestSettings.fixedHorizon(alpha))
            .absolute();
    Close.relative(low, absolute.ci().low(), REFERENCE, "ci low");
    Close.relative(high, absolute.ci().high(), REFERENCE, "ci high");
    Close.relative(p, absolute.pValue(), REFERENCE, "p");
  }

  /**
   * Every line of lift_reference.py.out (written by lift_reference.py, SciPy), inputs and outputs.
   */
  @TestFactory
  Stream<DynamicTest> matchesScipyReferenceFile() throws IOException {
    String text;
    try (InputStream in = getClass().getResourceAsStream("/stats/lift_reference.py.out")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return text.lines()
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .map(
            line ->
                DynamicTest.dynamicTest(
                    line.split(" ")[0], () -> assertReferenceLine(line.split(" "))));
  }

  private static void assertReferenceLine(String[] f) {
    MetricType type = f[1].equals("binomial") ? MetricType.BINOMIAL : MetricType.MEAN;
    double alpha = Double.parseDouble(f[2]);
    double nStar = Double.parseDouble(f[3]);
    TestSettings settings =
        nStar > 0 ? TestSettings.sequential(alpha, nStar) : TestSettings.fixedHorizon(alpha);
    SampleStats control =
        new SampleStats(Long.parseLong(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]));
    SampleStats treatment =
        new SampleStats(Long.parseLong(f[7]), Double.parseDouble(f[8]), Double.parseDouble(f[9]));
    LiftResult r = LiftCalculator.compare(control, treatment, type, settings);
    assertNull(r.error());
    double[] actual = {
      r.relative().estimate(),
      r.relative().ci().low(),
      r.relative().ci().high(),
      r.relative().pValue(),
      r.absolute().estimate(),
      r.absolute().ci().low(),
      r.absolute().ci().high(),
      r.absolute().pValue(),
      r.chanceToBeat()
    };
    String[] names = {
      "relLift", "relLow", "relHigh", "relP", "absLift", "absLow", "absHigh", "absP", "chanceToBeat"
    };
    for (int i = 0; i < actual.length; i++) {
      Close.relative(Double.parseDouble(f[10 + i]), actual[i], REFERENCE, f[0] + " " + names[i]);
    }
  }

  /**
   * Rates are non-negative, so no relative interval may reach below -100 % (the bounce report once
   * read "-112.2 % to -21.1 %"); the reference lines binomial-small-cut and sequential-small-cut
   * check the cut values themselves.
   */
  @Test
  void binomialRelativeIntervalNeverReachesBelowMinus100Percent() {
    for (TestSettings settings :
        new TestSettings[] {TestSettings.fixedHorizon(0.05), TestSettings.sequential(0.05, 1e5)}) {
      for (int n = 2; n <= 40; n++) {
        for (int conversions = 1; conversions < n; conversions++) {
          LiftResult r =
              LiftCalculator.compare(
                  SampleStats.binomial(n, conversions),
                  SampleStats.binomial(n, 1),
                  MetricType.BINOMIAL,
                  settings);
          if (r.ok()) {
            assertTrue(
                r.relative().ci().low() >= -1,
                n + " units, " + conversions + " vs 1 conversions: " + r.relative().ci());
          }
        }
      }
    }
  }

  @Test
  void degenerateInputsGiveAnErrorCodeAndNoNumbers() {
    TestSettings fixed = TestSettings.fixedHorizon(0.05);
    assertEquals(
        "too_few_units",
        LiftCalculator.compare(
                SampleStats.EMPTY, SampleStats.binomial(10, 2), MetricType.BINOMIAL, fixed)
            .error());
    assertEquals(
        "too_few_units",
        LiftCalculator.compare(
                SampleStats.binomial(1, 1), SampleStats.binomial(10, 2), MetricType.BINOMIAL, fixed)
            .error());
    assertEquals(
        "zero_control_mean",
        LiftCalculator.compare(
                SampleStats.binomial(100, 0),
                SampleStats.binomial(100, 2),
                MetricType.BINOMIAL,
                fixed)
            .error());
    assertEquals(
        "zero_variance",
        LiftCalculator.compare(
                new SampleStats(10, 20, 40), new SampleStats(10, 30, 90), MetricType.MEAN, fixed)
            .error());
    LiftResult allConverted =
        LiftCalculator.compare(
            SampleStats.binomial(50, 50),
            SampleStats.binomial(50, 50),
            MetricType.BINOMIAL,
            TestSettings.sequential(0.05, 1000));
    assertEquals("zero_variance", allConverted.error());
    assertNull(allConverted.relative());
    assertFalse(allConverted.ok());
  }

  /**
   * A ratio metric whose denominator is 0 over one arm (no orders yet: revenue per order) has no
   * ratio there: withheld as {@code zero_denominator}, not {@code zero_variance} (it said that).
   */
  @Test
  void aRatioWithNoDenominatorInOneArmIsZeroDenominator() {
    TestSettings fixed = TestSettings.fixedHorizon(0.05);
    SampleStats orders = new RatioMoments(100, 500, 20, 4000, 30, 300).asSample();
    SampleStats none = new RatioMoments(100, 0, 0, 0, 0, 0).asSample();
    for (SampleStats[] arms : new SampleStats[][] {{orders, none}, {none, orders}}) {
      LiftResult r = LiftCalculator.compare(arms[0], arms[1], MetricType.RATIO, fixed, false);
      assertEquals(RatioEstimator.ZERO_DENOMINATOR, r.error());
      assertFalse(r.ok());
    }
    SampleStats constant = new RatioMoments(100, 200, 100, 400, 100, 200).asSample();
    assertEquals(
        LiftResult.ZERO_VARIANCE,
        LiftCalculator.compare(constant, constant, MetricType.RATIO, fixed, false).error(),
        "a ratio with denominators that does not vary is still zero_variance");
  }

  @Test
  void oneArmWithoutVarianceStillTests() {
    LiftResult r =
        LiftCalculator.compare(
            SampleStats.binomial(100, 100),
            SampleStats.binomial(100, 90),
            MetricType.BINOMIAL,
            TestSettings.fixedHorizon(0.05));
    assertNull(r.error());
    Close.relative(-0.1, r.relative().estimate(), 1e-12, "relative lift");
  }
}
