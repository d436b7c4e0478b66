package dev.moments.sdk;

import static dev.moments.sdk.TestConfigs.MOMENT;
import static dev.moments.sdk.TestConfigs.experiment;
import static dev.moments.sdk.TestConfigs.randomIds;
import static dev.moments.sdk.TestConfigs.range;
import static dev.moments.sdk.TestConfigs.running;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignerTest {
  private final List<String> ids = randomIds(7L, 20_000);

  @Test
  void rampFromTenToFiftyPercentKeepsEveryEarlierUnitInItsVariant() {
    AssignmentConfig at10 =
        AssignmentConfig.of("1", List.of(running("hero", "ramp", range(0, 1000), 50, 50)));
    AssignmentConfig at50 =
        AssignmentConfig.of("2", List.of(running("hero", "ramp", range(0, 5000), 50, 50)));
    int earlier = 0;
    int later = 0;
    for (String id : ids) {
      Assignment before = Assigner.assign(at10, MOMENT, id, null);
      Assignment after = Assigner.assign(at50, MOMENT, id, null);
      if (before != null) {
        earlier++;
        assertEquals(before, after, "unit " + id + " changed variant when the ramp went up");
      } else if (after != null) {
        later++;
      }
    }
    // about 10 % and 40 % of 20,000: proves both groups were exercised, not a statistical claim
    assertTrue(earlier > 1500 && later > 7000, "earlier " + earlier + ", later " + later);
  }

  @Test
  void experimentsWithDisjointRangesOnOneMomentNeverShareAUnit() {
    List<BucketRange> aRanges = List.of(new BucketRange(0, 2000), new BucketRange(6000, 7000));
    AssignmentConfig config =
        AssignmentConfig.of(
            "1",
            List.of(
                running("a", "salt-a", aRanges, 50, 50),
                running("b", "salt-b", range(2000, 5000), 50, 50)));
    for (String id : ids) {
      // the layer bucket computed the slow, obvious way, independent of the prefix-byte hot path
      int layer = Hashing.bucket("layer:" + MOMENT + ":" + id);
      boolean inA = layer < 2000 || (layer >= 6000 && layer < 7000);
      boolean inB = layer >= 2000 && layer < 5000;
      Assignment assignment = Assigner.assign(config, MOMENT, id, Map.of());
      String expected = inA ? "a" : inB ? "b" : null;
      assertEquals(
          expected,
          assignment == null ? null : assignment.experiment(),
          "unit " + id + " layer " + layer);
    }
  }

  @Test
  void variantIsTheSpecArithmeticOnTheVariantBucket() {
    AssignmentConfig config =
        AssignmentConfig.of("1", List.of(running("hero", "s1", range(0, 10_000), 1, 2, 7)));
    for (String id : ids.subList(0, 5000)) {
      int v = Hashing.bucket("variant:s1:" + id);
      String expected = v < 1000 ? "v0" : v < 3000 ? "v1" : "v2";
      assertEquals(
          expected, Assigner.assign(config, MOMENT, id, null).variant(), "unit " + id + " V=" + v);
    }
  }

  @Test
  void targetingKeepsOutUnitsInTheRange() {
    Targeting mobile =
        Targeting.parse("{\"attribute\":\"device\",\"op\":\"eq\",\"value\":\"mobile\"}");
    AssignmentConfig config =
        AssignmentConfig.of(
            "1",
            List.of(experiment("hero", "s", "running", range(0, 10_000), mobile, null, 50, 50)));
    assertNotNull(Assigner.assign(config, MOMENT, "u1", Map.of("device", "mobile")));
    assertNull(Assigner.assign(config, MOMENT, "u1", Map.of("device", "desktop")));
    assertNull(Assigner.assign(config, MOMENT, "u1", null));
  }

  @Test
  void forceWinsOverRangeAndTargetingAndIsFlagged() {
    Targeting nobody = Targeting.parse("{\"any\":[]}");
    AssignmentConfig config =
        AssignmentConfig.of(
            "1", List.of(experiment("hero", "s", "running", range(0, 1), nobody, null, 50, 50)));
    Assignment forced = Assigner.assign(config, MOMENT, "u1", Map.of("force", "other:v0, hero:v1"));
    assertEquals(new Assignment(MOMENT, "hero", "v1", "{\"index\":1}", true, false), forced);
    assertNull(Assigner.assign(config, MOMENT, "u1", Map.of("force", "hero:v9")));
    assertNull(Assigner.assign(config, MOMENT, "u1", Map.of("force", ":")));
    assertNull(Assigner.assign(config, MOMENT, "u1", Map.of("force", ",,,")));
  }

  @Test
  void stoppedWithRolloutSendsTheWholeRangeToOneVariantWithoutExposure() {
    AssignmentConfig config =
        AssignmentConfig.of(
            "1", List.of(experiment("hero", "s", "stopped", range(0, 10_000), null, "v1", 50, 50)));
    for (String id : ids.subList(0, 1000)) {
      Assignment assignment = Assigner.assign(config, MOMENT, id, Map.of());
      assertEquals("v1", assignment.variant());
      assertTrue(assignment.rollout());
      assertFalse(assignment.forced());
    }
  }

  @Test
  void runningExperimentIgnoresARolloutField() {
    AssignmentConfig config =
        AssignmentConfig.of(
            "1", List.of(experiment("hero", "s", "running", range(0, 10_000), null, "v1", 50, 50)));
    long rollouts =
        ids.stream()
            .map(id -> Assigner.assign(config, MOMENT, id, null))
            .filter(Assignment::rollout)
            .count();
    assertEquals(0, rollouts);
  }

  @Test
  void assignAllReturnsEveryMomentInConfigOrderWithPayloads() {
    String json =
        "{\"version\":\"e1\",\"moments\":[{\"key\":\"zmot.ad\"},{\"key\":\"empty\"},{\"key\":\"fmot.hero\"}],"
            + "\"experiments\":["
            + "{\"key\":\"hero\",\"moment\":\"fmot.hero\",\"salt\":\"h\",\"status\":\"running\",\"trafficPercent\":100,"
            + "\"ranges\":[[0,10000]],\"variants\":[{\"key\":\"only\",\"weight\":1,\"payload\": {\"a\" : [1, \"\\u00e9\"]} }]},"
            + "{\"key\":\"ad\",\"moment\":\"zmot.ad\",\"salt\":\"a\",\"status\":\"running\",\"trafficPercent\":100,"
            + "\"variants\":[{\"key\":\"x\",\"weight\":1}]}]}";
    AssignmentConfig config = AssignmentConfig.fromJson(json);
    assertEquals(List.of("zmot.ad", "empty", "fmot.hero"), config.moments());
    List<Assignment> all = Assigner.assignAll(config, "visitor-1", Map.of());
    assertEquals(2, all.size());
    assertEquals(new Assignment("zmot.ad", "ad", "x", null, false, false), all.get(0));
    assertEquals(
        "{\"a\" : [1, \"\\u00e9\"]}", all.get(1).payloadJson(), "payload is the exact source text");
    assertEquals(List.of(), Assigner.assignAll(config, "", Map.of()));
  }

  @Test
  void attributeValuesOfEveryJavaNumberTypeCompareByValue() {
    Targeting adult = Targeting.parse("{\"attribute\":\"age\",\"op\":\"gte\",\"value\":18}");
    Map<String, Object> attributes = new HashMap<>();
    for (Number n : new Number[] {18, 18L, 18.0f, (short) 18, new java.math.BigDecimal("18.0")}) {
      attributes.put("age", n);
      assertTrue(adult.matches(attributes), n.getClass().getSimpleName());
    }
    attributes.put("age", "18");
    assertFalse(adult.matches(attributes), "no coercion from string");
  }

  @Test
  void prefixHashingEqualsHashingTheWholeString() {
    byte[] prefix = Hashing.utf8("layer:fmot.é:");
    byte[] longPrefix = Hashing.utf8("variant:" + "s".repeat(600) + ":");
    for (String id :
        List.of(
            "a",
            "é",
            "日本語",
            "😀x",
            "x".repeat(256),
            "😀".repeat(256),
            "\uffff\u0800\u07ff\u0080")) {
      assertEquals(Hashing.bucket("layer:fmot.é:" + id), UnitKey.of(id).bucket(prefix), id);
      assertEquals(
          Hashing.bucket("variant:" + "s".repeat(600) + ":" + id),
          UnitKey.of(id).bucket(longPrefix),
          id);
    }
    assertNull(UnitKey.of("lone\ud800"));
    assertNull(UnitKey.of("😀".repeat(257)));
  }

  @Test
  void concurrentAssignmentsGiveTheSameResultsAsSequentialOnes() throws Exception {
    AssignmentConfig config =
        AssignmentConfig.of("1", List.of(running("hero", "s", range(0, 8000), 20, 30, 50)));
    List<Assignment> sequential =
        ids.stream().map(id -> Assigner.assign(config, MOMENT, id, null)).toList();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<Assignment>>> runs = new java.util.ArrayList<>();
      for (int t = 0; t < 4; t++) {
        runs.add(
            pool.submit(
                () -> ids.stream().map(id -> Assigner.assign(config, MOMENT, id, null)).toList()));
      }
      for (java.util.concurrent.Future<List<Assignment>> run : runs) {
        assertEquals(sequential, run.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void hotPathValidationAgreesWithUnitIds() {
    String[] tokens = {"a", "é", "語", "😀", "\u0000"};
    java.util.Random random = new java.util.Random(3);
    int valid = 0;
    for (int trial = 0; trial < 5000; trial++) {
      StringBuilder id = new StringBuilder();
      for (int i = random.nextInt(300); i > 0; i--) {
        id.append(random.nextInt(400) == 0 ? "\ud800" : tokens[random.nextInt(tokens.length)]);
      }
      String s = id.toString();
      valid += UnitIds.isValid(s) ? 1 : 0;
      assertEquals(
          UnitIds.isValid(s),
          UnitKey.of(s) != null,
          () -> s.codePointCount(0, s.length()) + " code points");
    }
    assertTrue(
        valid > 1000 && valid < 4000, "both outcomes exercised: " + valid + " valid of 5000");
  }

  @Test
  void loneSurrogatesHashAsReplacementCharacter() {
    assertEquals(Hashing.hash("a\ufffdb"), Hashing.hash("a\ud800b"));
    assertEquals(Hashing.hash("\ufffd"), Hashing.hash("\udc00"));
  }

  @Test
  void unitIdLimitsCountCodePoints() {
    assertTrue(UnitIds.isValid("😀".repeat(256)));
    assertFalse(UnitIds.isValid("😀".repeat(256) + "a"));
    assertFalse(UnitIds.isValid(null));
    assertFalse(UnitIds.isValid("\ud83d"));
    assertTrue(UnitIds.isValid("\ud83d\ude00"));
  }
}
