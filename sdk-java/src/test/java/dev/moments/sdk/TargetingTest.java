package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetingTest {
  @Test
  void nullAndEmptyMeanEveryone() {
    assertTrue(Targeting.parse(null).matches(null));
    assertTrue(Targeting.parse("null").matches(Map.of()));
    assertTrue(Targeting.parse("{}").matches(Map.of("device", "tv")));
  }

  @Test
  void javaCollectionsAndSetsWorkForContains() {
    Targeting vip =
        Targeting.parse("{\"attribute\":\"segments\",\"op\":\"contains\",\"value\":\"vip\"}");
    assertTrue(vip.matches(Map.of("segments", Set.of("vip", "new"))));
    assertFalse(vip.matches(Map.of("segments", List.of("new"))));
    Map<String, Object> withNullElement = new HashMap<>();
    withNullElement.put("segments", java.util.Arrays.asList(null, "vip"));
    assertTrue(vip.matches(withNullElement));
  }

  @Test
  void attributeMappedToNullIsMissing() {
    Map<String, Object> attributes = new HashMap<>();
    attributes.put("channel", null);
    assertTrue(
        Targeting.parse("{\"attribute\":\"channel\",\"op\":\"exists\",\"value\":false}")
            .matches(attributes));
    assertTrue(
        Targeting.parse("{\"attribute\":\"channel\",\"op\":\"nin\",\"values\":[\"ad\"]}")
            .matches(attributes));
    assertFalse(
        Targeting.parse("{\"attribute\":\"channel\",\"op\":\"lt\",\"value\":\"z\"}")
            .matches(attributes));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"attribute\":\"d\",\"op\":\"like\",\"value\":\"x\"}|targeting.op: unknown op \"like\"",
        "{\"attribute\":\"d\",\"op\":\"eq\"}|targeting: op \"eq\" needs a \"value\"",
        "{\"attribute\":\"d\",\"op\":\"in\",\"values\":\"x\"}|targeting.values must be an array, got the string \"x\"",
        "{\"attribute\":\"d\",\"op\":\"in\",\"values\":[{}]}|targeting.values[0] must be a string, a number or a boolean",
        "{\"attribute\":\"d\",\"op\":\"exists\",\"value\":\"yes\"}|targeting.value: exists needs true or false",
        "{\"attribute\":\"d\",\"op\":\"gt\",\"value\":true}|targeting.value: gt needs a number or a string",
        "{\"attribute\":\"d\",\"op\":\"semver_gte\",\"value\":\"1.x\"}|targeting.value: semver_gte needs a version string",
        "{\"attribute\":\"\",\"op\":\"eq\",\"value\":1}|targeting.attribute must not be empty",
        "{\"attribute\":7,\"op\":\"eq\",\"value\":1}|targeting.attribute must be a string, got 7.0",
        "{\"all\":[],\"any\":[]}|targeting has both \"all\" and \"any\"",
        "{\"all\":{}}|targeting.all must be an array, got an object",
        "{\"any\":[{\"not\":[]}]}|targeting.any[0].not must be an object, got an array",
        "{\"device\":\"mobile\"}|targeting must have \"all\", \"any\", \"not\" or \"attribute\"",
        "[]|targeting must be an object, got an array",
        "{\"all\":[{}]}|targeting.all[0] must have \"all\", \"any\", \"not\" or \"attribute\"",
        "{\"all\":[|malformed JSON at offset 8"
      })
  void rejectsMalformedTargetingNamingThePlace(String json, String messageStart) {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> Targeting.parse(json));
    assertTrue(error.getMessage().startsWith(messageStart), error.getMessage());
  }

  @Test
  void semverComparesComponentsNumericallyEvenWhenHuge() {
    Targeting t =
        Targeting.parse(
            "{\"attribute\":\"v\",\"op\":\"semver_gte\",\"value\":\"1.99999999999999999999\"}");
    assertTrue(t.matches(Map.of("v", "1.100000000000000000000")));
    assertFalse(t.matches(Map.of("v", "1.99999999999999999998")));
    assertEquals(0, Version.parse("V01.2.0-rc+b").compareTo(Version.parse("1.2")));
  }
}
