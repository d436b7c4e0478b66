package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssignmentConfigTest {
  private static final String VARIANTS =
      "\"variants\":[{\"key\":\"a\",\"weight\":1},{\"key\":\"b\",\"weight\":1}]";

  private static String config(String experimentFields) {
    return "{\"version\":\"e\",\"experiments\":[{\"key\":\"x\",\"moment\":\"m\",\"salt\":\"s\",\"status\":\"running\","
        + "\"trafficPercent\":50,"
        + experimentFields
        + "}]}";
  }

  @Test
  void readsTheServerShapeAndIgnoresUnknownFields() {
    AssignmentConfig config =
        AssignmentConfig.fromJson(
            config(
                VARIANTS
                    + ",\"ranges\":[[0,2500],[5000,7500]],\"targeting\":null,\"rollout\":null,\"name\":\"n\",\"extra\":{\"deep\":[1]}"));
    ExperimentDefinition x = config.experiments().get(0);
    assertEquals("e", config.version());
    assertEquals(List.of("m"), config.moments());
    assertEquals(List.of(new BucketRange(0, 2500), new BucketRange(5000, 7500)), x.ranges());
    assertTrue(x.targeting().isEveryone());
    assertNull(x.rollout());
    assertNull(x.variants().get(0).payloadJson());
    assertEquals(List.of(x), config.experimentsOf("m"));
    assertEquals(List.of(), config.experimentsOf("other"));
  }

  @Test
  void withoutRangesTheRangeComesFromTrafficPercent() {
    AssignmentConfig config = AssignmentConfig.fromJson(config(VARIANTS));
    assertEquals(List.of(new BucketRange(0, 5000)), config.experiments().get(0).ranges());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"variants\":[]|experiments[0]: experiment \"x\": needs at least one variant",
        "\"variants\":[{\"key\":\"a\",\"weight\":0}]|experiments[0]: experiment \"x\": variant weights must sum to a finite number > 0",
        "\"variants\":[{\"key\":\"a\",\"weight\":1},{\"key\":\"a\",\"weight\":1}]|experiments[0]: experiment \"x\": duplicate variant \"a\"",
        "\"variants\":[{\"key\":\"a\",\"weight\":-1}]|experiments[0]: variant \"a\": weight must be a finite number >= 0, got -1.0",
        "\"variants\":[{\"key\":\"a\",\"weight\":\"1\"}]|experiments[0]: experiments[0].variants[0].weight must be a number",
        VARIANTS
            + ",\"rollout\":\"c\"|experiments[0]: experiment \"x\": rollout \"c\" is not one of its variants",
        VARIANTS
            + ",\"ranges\":[[0,6000],[5000,7000]]|experiments[0]: experiment \"x\": ranges BucketRange[start=0, end=6000] and",
        VARIANTS + ",\"ranges\":[[0,10001]]|experiments[0]: bucket range [0, 10001) must satisfy",
        VARIANTS + ",\"ranges\":[[5,5]]|experiments[0]: bucket range [5, 5) must satisfy",
        VARIANTS
            + ",\"ranges\":[[0.5,5]]|experiments[0]: experiments[0].ranges[0][0] must be an integer, got 0.5",
        VARIANTS
            + ",\"ranges\":[[0,1,2]]|experiments[0]: experiments[0].ranges[0] must be [start, end], got 3 numbers",
        VARIANTS
            + ",\"targeting\":{\"attribute\":\"d\",\"op\":\"xx\",\"value\":1}|experiments[0]: targeting.op: unknown op \"xx\"",
        VARIANTS
            + ",\"sticky\":\"yes\"|experiments[0]: experiments[0].sticky must be true or false",
        VARIANTS + ",\"sticky\":1|experiments[0]: experiments[0].sticky must be true or false",
        VARIANTS
            + ",\"status\":\"paused\"|malformed JSON at offset 163: duplicate member name \"status\""
      })
  void rejectsInvalidExperimentsNamingTheField(String fields, String messageStart) {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> AssignmentConfig.fromJson(config(fields)));
    assertTrue(error.getMessage().startsWith(messageStart), error.getMessage());
  }

  @Test
  void rejectsBadStatusAndTraffic() {
    String status = config(VARIANTS).replace("\"running\"", "\"archived\"");
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> AssignmentConfig.fromJson(status))
            .getMessage()
            .contains("status must be one of draft, running, paused, stopped, got \"archived\""));
    String traffic = config(VARIANTS + ",\"ranges\":[[0,10]]").replace("50", "101");
    String message =
        assertThrows(IllegalArgumentException.class, () -> AssignmentConfig.fromJson(traffic))
            .getMessage();
    assertTrue(message.contains("trafficPercent must be in [0, 100], got 101.0"), message);
  }

  @Test
  void rejectsDuplicateExperimentKeysAndNonObjects() {
    String twice = "{\"experiments\":[" + experiment() + "," + experiment() + "]}";
    assertEquals(
        "duplicate experiment key \"x\"",
        assertThrows(IllegalArgumentException.class, () -> AssignmentConfig.fromJson(twice))
            .getMessage());
    assertEquals(
        "config must be an object, got an array",
        assertThrows(IllegalArgumentException.class, () -> AssignmentConfig.fromJson("[]"))
            .getMessage());
    assertEquals(
        "experiments must be an array, got an object",
        assertThrows(
                IllegalArgumentException.class,
                () -> AssignmentConfig.fromJson("{\"experiments\":{}}"))
            .getMessage());
  }

  @Test
  void readsStickyAllocationAndHoldouts() {
    AssignmentConfig config =
        AssignmentConfig.fromJson(
            "{\"experiments\":[{\"key\":\"x\",\"moment\":\"m\",\"salt\":\"s\",\"status\":\"running\","
                + "\"trafficPercent\":50,\"sticky\":true,\"allocation\":{\"type\":\"bandit\","
                + "\"updateEvery\":\"PT1H\",\"minShare\":0.05,\"burnInUnits\":1000},"
                + VARIANTS
                + "},"
                + experiment().replace("\"x\"", "\"y\"")
                + "],\"holdouts\":[{\"key\":\"h\",\"name\":\"Q1\",\"percent\":5,\"moments\":[\"m\",\"n\"]},"
                + "{\"key\":\"all\",\"percent\":0.5,\"moments\":null}]}");
    assertTrue(config.experiments().get(0).sticky());
    assertTrue(!config.experiments().get(1).sticky(), "no sticky field: not sticky");
    assertEquals(
        List.of(
            new HoldoutDefinition("h", 5, List.of("m", "n")),
            new HoldoutDefinition("all", 0.5, null)),
        config.holdouts());
    assertEquals(List.of("m", "n"), config.moments(), "a moment named by a holdout is a moment");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"key\":\"h\",\"percent\":60}|holdouts[0]: holdout \"h\": percent must be in (0, 50], got 60.0",
        "{\"key\":\"h\",\"percent\":0}|holdouts[0]: holdout \"h\": percent must be in (0, 50], got 0.0",
        "{\"key\":\"h\"}|holdouts[0].percent must be a number, got null",
        "{\"percent\":5}|holdouts[0].key must be a string, got null",
        "{\"key\":\"h\",\"percent\":5,\"moments\":\"m\"}|holdouts[0].moments must be an array",
        "{\"key\":\"h\",\"percent\":5,\"moments\":[\"\"]}|holdouts[0]: holdout \"h\": moments must be non-empty strings",
        "{\"key\":\"x\",\"percent\":5}|holdout key \"x\" is used twice or is an experiment's key",
        "{\"key\":\"h\",\"percent\":5},{\"key\":\"h\",\"percent\":6}|holdout key \"h\" is used twice"
      })
  void rejectsInvalidHoldoutsNamingTheField(String holdouts, String messageStart) {
    String json = "{\"experiments\":[" + experiment() + "],\"holdouts\":[" + holdouts + "]}";
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> AssignmentConfig.fromJson(json));
    assertTrue(error.getMessage().startsWith(messageStart), error.getMessage());
  }

  private static String experiment() {
    return "{\"key\":\"x\",\"moment\":\"m\",\"salt\":\"s\",\"status\":\"draft\",\"trafficPercent\":0,"
        + VARIANTS
        + "}";
  }
}
