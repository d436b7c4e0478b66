package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.sdk.Assignment;
import dev.moments.server.assignment.SdkConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignAnswersTest {
  private static SdkConfig config(JsonObject payload) {
    return new SdkConfig("v", null, null, Map.of("exp/b", payload), Map.of(), Map.of(), Map.of());
  }

  /** What the handler sent before: the answer built and encoded as a JsonObject. */
  private static String asJsonObject(
      SdkConfig config, String unitId, List<Assignment> assignments, boolean logged) {
    JsonArray list = new JsonArray();
    assignments.forEach(a -> list.add(AssignAnswers.json(config, a, logged)));
    return new JsonObject().put("unitId", unitId).put("assignments", list).encode();
  }

  private static final List<Assignment> EVERY_KIND =
      List.of(
          new Assignment("m.one", "exp", "b", null, false, false),
          new Assignment("m.two", "exp", "b", null, true, false),
          new Assignment("m.three", "exp", "b", null, false, true),
          new Assignment("m.four", "exp", "b", null, false, false, true),
          new Assignment("m.five", "other", "a", null, false, false));

  @Test
  void answersByteForByteAsTheJsonObjectDid() {
    SdkConfig config = config(new JsonObject().put("headline", "Grüße \"quoted\" </script>"));
    AssignAnswers answers = new AssignAnswers();
    for (String unitId :
        List.of(
            "u-1",
            "with \"quotes\" and \\ backslash",
            "ctl\u0000\u0001\u001f\b\f\n\r\t end",
            "ünïcödé ✓ 😀",
            "slash/and\u007f\u2028")) {
      for (boolean logged : new boolean[] {true, false}) {
        assertEquals(
            asJsonObject(config, unitId, EVERY_KIND, logged),
            answers.encode(config, unitId, EVERY_KIND, logged).toString(),
            unitId + " logged " + logged);
      }
    }
    assertEquals(
        "{\"unitId\":\"u\",\"assignments\":[]}",
        answers.encode(config, "u", List.of(), true).toString());
  }

  @Test
  void aNewConfigurationsPayloadIsAnsweredNotTheRememberedOne() {
    AssignAnswers answers = new AssignAnswers();
    List<Assignment> one = EVERY_KIND.subList(0, 1);
    SdkConfig before = config(new JsonObject().put("color", "red"));
    SdkConfig after = config(new JsonObject().put("color", "blue"));
    assertTrue(answers.encode(before, "u", one, true).toString().contains("red"));
    String answered = answers.encode(after, "u", one, true).toString();
    assertTrue(answered.contains("blue"), answered);
    assertEquals(asJsonObject(after, "u", one, true), answered);
  }

  @Test
  void staysBoundedWhateverTheAssignmentsAsked() {
    AssignAnswers answers = new AssignAnswers();
    SdkConfig config = config(new JsonObject());
    for (int i = 0; i < AssignAnswers.MAX_ITEMS * 2 + 3; i++) {
      Assignment a = new Assignment("m" + i, "exp", "b", null, false, false);
      assertEquals(
          asJsonObject(config, "u", List.of(a), true),
          answers.encode(config, "u", List.of(a), true).toString());
    }
    assertTrue(answers.held() <= AssignAnswers.MAX_ITEMS, "held " + answers.held());
  }
}
