package dev.moments.sdk;

import static dev.moments.sdk.ClientFixtures.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The client logs one holdout exposure per unit and holdout, for members and everyone else. */
class HoldoutClientTest {
  private static final String CONFIG =
      """
      {"experiments":[{"key":"hero","moment":"fmot.hero","salt":"s","status":"running","trafficPercent":100,
        "ranges":[[0,10000]],"variants":[{"key":"control","weight":1},{"key":"bold","weight":1}]}],
       "holdouts":[{"key":"q1-holdout","percent":50,"moments":["fmot.hero"]}]}
      """;
  private static final AssignmentConfig CORE = AssignmentConfig.fromJson(CONFIG);

  private static List<Map<?, ?>> eventsOf(Consumer<MomentsClient> calls) {
    try (FakeEndpoint server =
        new FakeEndpoint().onConfig(r -> FakeEndpoint.Reply.of(200, CONFIG))) {
      try (MomentsClient client =
          quiet(server.url(), new ClientFixtures.Errors())
              .configSnapshot(CONFIG)
              .flushInterval(Duration.ofHours(1))
              .build()) {
        calls.accept(client);
      }
      return ClientFixtures.allEvents(server);
    }
  }

  private static String unit(boolean held) {
    return TestConfigs.randomIds(held ? 1L : 2L, 100).stream()
        .filter(u -> Assigner.holdouts(CORE, "fmot.hero", u).get(0).held() == held)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aMemberGetsNothingAndOneHoldoutExposureWhateverItsVisits() {
    String member = unit(true);
    List<Map<?, ?>> events =
        eventsOf(
            client -> {
              for (int visit = 0; visit < 3; visit++) {
                assertFalse(
                    client.assign("fmot.hero", member, Map.of("device", "mobile")).inExperiment());
              }
            });
    assertEquals(1, events.size(), events.toString());
    Map<?, ?> e = events.get(0);
    assertEquals("exposure", e.get("type"));
    assertEquals("q1-holdout", e.get("experiment"));
    assertEquals("holdout", e.get("variant"));
    assertEquals("holdout", e.get("source"));
    assertEquals(false, e.get("forced"));
    assertEquals("~java:holdout:q1-holdout/holdout/" + member, e.get("id"));
    assertEquals(Map.of("device", "mobile"), e.get("attributes"));
  }

  @Test
  void everyoneElseIsLoggedAsExposedBesideTheirExperimentsExposure() {
    String other = unit(false);
    List<Map<?, ?>> events = eventsOf(client -> client.assign("fmot.hero", other));
    assertEquals(
        List.of(
            List.of("q1-holdout", "exposed", "holdout"),
            List.of("hero", "control_or_bold", "none")),
        events.stream()
            .map(
                e ->
                    List.of(
                        e.get("experiment"),
                        e.get("experiment").equals("hero") ? "control_or_bold" : e.get("variant"),
                        e.get("source") == null ? "none" : e.get("source")))
            .toList());
  }

  @Test
  void aForcedAssignmentIsAPreviewAndLogsNoHoldoutExposure() {
    String member = unit(true);
    List<Map<?, ?>> events =
        eventsOf(
            client ->
                assertTrue(
                    client.assign("fmot.hero", member, Map.of("force", "hero:bold")).forced()));
    assertEquals(List.of("hero"), events.stream().map(e -> e.get("experiment")).toList());
  }
}
