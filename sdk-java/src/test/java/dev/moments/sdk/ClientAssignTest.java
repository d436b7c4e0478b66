package dev.moments.sdk;

import static dev.moments.sdk.ClientFixtures.CONFIG;
import static dev.moments.sdk.ClientFixtures.MOBILE;
import static dev.moments.sdk.ClientFixtures.NO_SERVER;
import static dev.moments.sdk.ClientFixtures.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Assignment from a snapshot with no server at all: same answers as the core, defaults, exposures.
 */
class ClientAssignTest {
  private final AssignmentConfig core = AssignmentConfig.fromJson(CONFIG);
  private final ClientFixtures.Errors errors = new ClientFixtures.Errors();

  private MomentsClient offline() {
    return quiet(NO_SERVER, errors)
        .configSnapshot(CONFIG)
        .flushInterval(Duration.ofHours(1))
        .closeTimeout(Duration.ZERO)
        .build();
  }

  @Test
  void aSnapshotFileStartsAClientWithNoServerAndAnswersLikeTheCore(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("config.json");
    Files.writeString(file, CONFIG);
    try (MomentsClient client =
        quiet(NO_SERVER, errors).configSnapshot(file).closeTimeout(Duration.ZERO).build()) {
      for (String unit : TestConfigs.randomIds(3L, 2000)) {
        for (String moment : core.moments()) {
          Assignment expected = Assigner.assign(core, moment, unit, MOBILE);
          Assignment got = client.assign(moment, unit, MOBILE);
          assertEquals(
              expected == null ? Assignment.none(moment) : expected, got, unit + " in " + moment);
        }
      }
      assertEquals("v1", client.stats().configVersion());
      assertTrue(
          errors.count(MomentsError.Kind.CONFIG_FETCH_FAILED) >= 1,
          "the missing server is reported");
    }
  }

  @Test
  void aUnitInNoExperimentGetsTheDefaultNeverNull() {
    try (MomentsClient client = offline()) {
      Assignment desktop = client.assign("smot.onboarding", "user-42", Map.of("device", "desktop"));
      assertFalse(desktop.inExperiment());
      assertNull(desktop.variant());
      assertEquals("{}", desktop.payload());
      assertEquals("control", desktop.variantOr("control"));
      assertEquals("smot.onboarding", desktop.moment());
      assertFalse(client.assign("no.such-moment", "user-42").inExperiment());
      Assignment mobile = client.assign("smot.onboarding", "user-42", MOBILE);
      assertTrue(mobile.inExperiment());
      assertTrue(mobile.payload().contains("steps"), mobile.payload());
    }
  }

  @Test
  void badArgumentsNeverThrowAndAreReported() {
    try (MomentsClient client = offline()) {
      assertFalse(client.assign("smot.onboarding", "", MOBILE).inExperiment());
      assertFalse(client.assign(null, null, null).inExperiment());
      Map<String, Object> withNull = new HashMap<>();
      withNull.put("device", null);
      assertFalse(client.assign("smot.onboarding", "u", withNull).inExperiment());
      client.track(null, "signup");
      client.track("u", "Not A Key");
      client.track("u", "revenue", Double.NaN);
      assertEquals(0, client.stats().queued(), "nothing invalid is queued");
      assertTrue(errors.count(MomentsError.Kind.INVALID_ARGUMENT) >= 1);
    }
  }

  @Test
  void anExposureIsQueuedOncePerUnitAndRolloutsLogNothing() {
    try (MomentsClient client = offline()) {
      for (int i = 0; i < 5; i++) {
        client.assign("smot.onboarding", "user-1", MOBILE);
        client.assign("smot.onboarding", "user-2", MOBILE);
        client.assign("smot.onboarding", "user-3", Map.of("device", "desktop"));
      }
      assertEquals(2, client.stats().queued());
      Assignment rolledOut = client.assign("fmot.hero", "user-1");
      assertEquals("bold", rolledOut.variant());
      assertTrue(
          rolledOut.rollout() && !rolledOut.inExperiment(), "a rollout is not an experiment");
      assertEquals(2, client.stats().queued(), "a rollout is not an exposure");
    }
  }
}
