package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {
  private static final Assignment GUIDED =
      new Assignment("smot.onboarding", "onboarding", "guided", null, false, false);

  @Test
  void everyStringSurvivesARoundTripThroughAStrictReader() {
    String nasty = "q\"b\\s/\n\t\u0001\u001f é 😀 \ud800 end";
    QueuedEvent event =
        QueuedEvent.exposure(GUIDED, "unit-" + nasty, new Object[] {"name " + nasty, nasty});
    Map<?, ?> parsed = ClientFixtures.single(EventJson.batch(List.of(event), "p."));
    assertEquals("unit-" + nasty, parsed.get("unitId"));
    assertEquals(Map.of("name " + nasty, nasty), parsed.get("attributes"));
  }

  @Test
  void numbersAndBooleansStayTyped() {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("returning", true);
    attributes.put("visits", 3);
    attributes.put("score", 1.5e20);
    attributes.put("tags", List.of("a")); // the server accepts no arrays: left out
    attributes.put("bad", Double.NaN);
    QueuedEvent event = QueuedEvent.exposure(GUIDED, "u", EventAttributes.snapshot(attributes));
    Map<?, ?> parsed = ClientFixtures.single(EventJson.batch(List.of(event), "p."));
    assertEquals(
        Map.of("returning", true, "visits", 3.0, "score", 1.5e20), parsed.get("attributes"));
  }

  @Test
  void exposureIdsAreDeterministicAndFitTheServersLimit() {
    QueuedEvent a = QueuedEvent.exposure(GUIDED, "user-1", null);
    QueuedEvent b = QueuedEvent.exposure(GUIDED, "user-1", null).withSequence(99);
    assertEquals("~java:onboarding/guided/user-1", EventJson.exposureId(a));
    assertEquals(EventJson.exposureId(a), EventJson.exposureId(b), "a resend is a duplicate");
    String longUnit = "😀".repeat(256);
    String id = EventJson.exposureId(QueuedEvent.exposure(GUIDED, longUnit, null));
    assertTrue(id.length() <= 128, id);
    assertNotEquals(
        id, EventJson.exposureId(QueuedEvent.exposure(GUIDED, longUnit.substring(2), null)));
  }

  @Test
  void conversionIdsAreThePrefixAndTheSequence() {
    QueuedEvent c = QueuedEvent.conversion("u", "signup", 1.0).withSequence(36);
    assertEquals("p.10", ClientFixtures.single(EventJson.batch(List.of(c), "p.")).get("id"));
  }
}
