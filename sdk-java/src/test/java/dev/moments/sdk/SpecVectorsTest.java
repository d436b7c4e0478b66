package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.Executable;

/**
 * Runs every case of the shared vectors (spec/assignment.json, generated independently of this
 * SDK).
 */
class SpecVectorsTest {
  private static final int MINIMUM_CASES = 120;

  @TestFactory
  Stream<DynamicTest> assignmentVectors() throws IOException {
    Map<?, ?> doc = (Map<?, ?>) Json.parse(readSpec(), Set.of("config", "targeting"));
    List<?> cases = (List<?>) doc.get("cases");
    assertTrue(
        cases.size() >= MINIMUM_CASES,
        "expected at least " + MINIMUM_CASES + " cases, found " + cases.size());
    List<DynamicTest> tests = new ArrayList<>();
    for (Object c : cases) {
      Map<?, ?> vector = (Map<?, ?>) c;
      String name = (String) vector.get("name");
      tests.add(
          DynamicTest.dynamicTest(
              name, check((Map<?, ?>) vector.get("input"), vector.get("expected"))));
    }
    return tests.stream();
  }

  private static Executable check(Map<?, ?> input, Object expected) {
    String op = (String) input.get("op");
    switch (op) {
      case "hash":
        return () ->
            assertEquals(
                ((Double) expected).longValue(), Hashing.hash((String) input.get("value")));
      case "bucket":
        return () ->
            assertEquals(
                ((Double) expected).intValue(), Hashing.bucket((String) input.get("value")));
      case "unitId":
        return () -> assertEquals(expected, UnitIds.isValid((String) input.get("unitId")));
      case "targeting":
        return () ->
            assertEquals(
                expected,
                Targeting.parse(rawText(input.get("targeting"))).matches(attributes(input)));
      case "assign":
        return () -> assertEquals(expected, assign(input));
      default:
        return () -> {
          throw new AssertionError("unknown op " + op);
        };
    }
  }

  private static Object assign(Map<?, ?> input) {
    AssignmentConfig config = AssignmentConfig.fromJson(rawText(input.get("config")));
    Assignment a =
        Assigner.assign(
            config, (String) input.get("moment"), (String) input.get("unitId"), attributes(input));
    if (a == null) {
      return null;
    }
    assertEquals(input.get("moment"), a.moment());
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("experiment", a.experiment());
    shown.put("variant", a.variant());
    shown.put("forced", a.forced());
    shown.put("rollout", a.rollout());
    return shown;
  }

  private static String rawText(Object raw) {
    return raw == null ? null : ((Json.Raw) raw).text();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> attributes(Map<?, ?> input) {
    Object attributes = input.get("attributes");
    return attributes == null ? Map.of() : (Map<String, ?>) attributes;
  }

  static String readSpec() throws IOException {
    try (InputStream in = SpecVectorsTest.class.getResourceAsStream("/spec/assignment.json")) {
      assertNotNull(in, "spec/assignment.json is not on the test classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
