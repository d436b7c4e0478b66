package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Issue 15.9: targeting on an attribute no SDK sends is accepted, with a hint naming it. */
class TargetingAttributesTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private static JsonObject condition(String attribute) {
    return new JsonObject().put("attribute", attribute).put("op", "eq").put("value", "x");
  }

  /** device (built in), utm_source (JS SDK), contry (a typo) and plan, nested in all/any/not. */
  private static final JsonObject TARGETING =
      new JsonObject()
          .put(
              "all",
              new JsonArray()
                  .add(condition("device"))
                  .add(
                      new JsonObject()
                          .put(
                              "any",
                              new JsonArray()
                                  .add(condition("utm_source"))
                                  .add(new JsonObject().put("not", condition("contry")))))
                  .add(condition("plan")));

  @Test
  void builtInAndSdkRecordedAttributesAreKnownOthersAreNamed() {
    TargetingAttributes attributes = new TargetingAttributes();
    assertEquals(Set.of("contry", "plan"), attributes.unknownIn(TARGETING, NOW));
    JsonArray warnings = attributes.warnings(TARGETING, NOW);
    assertEquals(2, warnings.size());
    JsonObject typo = warnings.getJsonObject(0);
    assertEquals("unknown_attribute", typo.getString("code"));
    assertEquals("contry", typo.getString("attribute"));
    assertEquals("country", typo.getString("suggestion"));
    assertTrue(
        typo.getString("message").startsWith("Targeting uses `contry`, an attribute no SDK sends"),
        typo.getString("message"));
    assertTrue(typo.getString("message").contains("did you mean `country`?"));
    assertEquals(null, warnings.getJsonObject(1).getString("suggestion"));
    for (String sdk : List.of("utm_medium", "referrer_host", "paid", "ad", "returning")) {
      assertEquals(Set.of(), attributes.unknownIn(condition(sdk), NOW), sdk);
    }
  }

  @Test
  void anAttributeSeenInARequestIsKnownForSevenDays() {
    TargetingAttributes attributes = new TargetingAttributes();
    attributes.record(List.of("plan"), NOW);
    assertEquals(Set.of("contry"), attributes.unknownIn(TARGETING, NOW.plus(Duration.ofDays(6))));
    assertEquals(
        Set.of("contry", "plan"), attributes.unknownIn(TARGETING, NOW.plus(Duration.ofDays(8))));
    attributes.record(List.of("plan"), NOW.plus(Duration.ofDays(8)));
    assertEquals(Set.of("contry"), attributes.unknownIn(TARGETING, NOW.plus(Duration.ofDays(8))));
  }

  @Test
  void aFloodOfInventedNamesIsBoundedAndExpires() {
    TargetingAttributes attributes = new TargetingAttributes();
    attributes.record(
        IntStream.range(0, TargetingAttributes.MAX_SEEN + 100).mapToObj(i -> "junk" + i).toList(),
        NOW);
    attributes.record(List.of("plan"), NOW.plus(Duration.ofDays(1)));
    assertEquals(
        Set.of("plan"), attributes.unknownIn(condition("plan"), NOW.plus(Duration.ofDays(1))));
    // once the flood is older than the window, a new name takes an expired one's place
    attributes.record(List.of("plan"), NOW.plus(Duration.ofDays(8)));
    assertEquals(Set.of(), attributes.unknownIn(condition("plan"), NOW.plus(Duration.ofDays(8))));
  }

  @Test
  void namesThatAreNoAttributeKeyAreNotRemembered() {
    TargetingAttributes attributes = new TargetingAttributes();
    String tooLong = "a".repeat(65);
    attributes.record(List.of("has space", tooLong, ""), NOW);
    assertEquals(Set.of("has space"), attributes.unknownIn(condition("has space"), NOW));
    assertEquals(Set.of(tooLong), attributes.unknownIn(condition(tooLong), NOW));
  }
}
