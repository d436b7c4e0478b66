package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The message-match interaction test against R's {@code anova(glm(...additive), glm(...full), test
 * = "Chisq")} on the tables of {@code message_match_reference.R}.
 */
class InteractionTestTest {

  @TestFactory
  Stream<DynamicTest> agreesWithRsGlmLikelihoodRatioTest() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] line : ReferenceFile.lines("message_match_reference.R.out")) {
      String[] f = line[0].split("\\|");
      tests.add(DynamicTest.dynamicTest(f[0], () -> check(f)));
    }
    assertEquals(8, tests.size(), "every case of the reference script");
    return tests.stream();
  }

  private static void check(String[] f) {
    int rows = Integer.parseInt(f[1]);
    int columns = Integer.parseInt(f[2]);
    long[][] units = table(f[3], rows, columns);
    long[][] conversions = table(f[4], rows, columns);
    InteractionTest.Result r = InteractionTest.test(units, conversions);
    assertTrue(r.ok(), r.error());
    double deviance = Double.parseDouble(f[5]);
    assertEquals(Integer.parseInt(f[6]), r.df());
    // R prints 12 significant digits; a deviance near 0 is compared absolutely
    assertEquals(deviance, r.statistic(), Math.max(1e-8, 1e-6 * deviance), "deviance");
    double p = Double.parseDouble(f[7]);
    assertEquals(p, r.pValue(), Math.max(1e-9, 1e-6 * p), "p-value");
  }

  private static long[][] table(String values, int rows, int columns) {
    long[] flat = Arrays.stream(values.split(",")).mapToLong(Long::parseLong).toArray();
    long[][] t = new long[rows][columns];
    for (int i = 0; i < rows; i++) {
      System.arraycopy(flat, i * columns, t[i], 0, columns);
    }
    return t;
  }

  @Test
  void aTableItCannotTestSaysWhy() {
    assertEquals(
        InteractionTest.TOO_FEW_LEVELS,
        InteractionTest.test(new long[][] {{10, 10}}, new long[][] {{1, 2}}).error());
    assertEquals(
        InteractionTest.EMPTY_CELL,
        InteractionTest.test(new long[][] {{10, 0}, {10, 10}}, new long[][] {{1, 0}, {2, 3}})
            .error());
    assertEquals(
        InteractionTest.NO_VARIATION,
        InteractionTest.test(new long[][] {{10, 10}, {10, 10}}, new long[][] {{0, 0}, {0, 0}})
            .error());
    InteractionTest.Result r =
        InteractionTest.test(new long[][] {{10, 10}, {10, 10}}, new long[][] {{10, 10}, {10, 10}});
    assertFalse(r.ok());
    assertTrue(Double.isNaN(r.pValue()));
  }
}
