package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fake is what host applications test against: it must behave like the real client's contract.
 */
class FakeMomentsClientTest {
  /** A host service written against the interface, as an application would. */
  private static String onboardingSteps(MomentsClient moments, String user) {
    Assignment a = moments.assign("smot.onboarding", user, Map.of("device", "mobile"));
    moments.track(user, "first_purchase", 49.90);
    return a.variantOr("control") + " " + a.payload();
  }

  @Test
  void fixedVariantsAndCapturedEvents() {
    FakeMomentsClient fake =
        new FakeMomentsClient().set("smot.onboarding", "guided", "{\"steps\":5}");
    assertEquals("guided {\"steps\":5}", onboardingSteps(fake, "user-42"));
    assertEquals("guided {\"steps\":5}", onboardingSteps(fake, "user-42"));
    List<TrackedEvent> events = fake.events();
    assertEquals(3, events.size(), "one exposure, two conversions: " + events);
    assertEquals(TrackedEvent.EXPOSURE, events.get(0).type());
    assertEquals("guided", events.get(0).variant());
    assertEquals(Map.of("device", "mobile"), events.get(0).attributes());
    assertEquals(49.90, events.get(1).value());
    assertEquals("first_purchase", events.get(2).metric());
  }

  @Test
  void unsetMomentsGetTheSameDefaultAsTheRealClient() {
    FakeMomentsClient fake = new FakeMomentsClient();
    assertEquals("control {}", onboardingSteps(fake, "user-42"));
    assertFalse(fake.assign("smot.onboarding", "user-42").inExperiment());
    fake.set("smot.onboarding", "guided", null).clear("smot.onboarding");
    assertFalse(fake.assign("smot.onboarding", "user-42").inExperiment());
    fake.track("user-42", "Bad Metric");
    assertEquals(1, fake.events().size(), "only the valid conversion of onboardingSteps");
    fake.reset();
    assertTrue(fake.events().isEmpty());
    fake.close();
    assertTrue(fake.isClosed());
  }

  @Test
  void aPayloadThatIsNotJsonFailsWhereTheTestSetsIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FakeMomentsClient().set("fmot.hero", "bold", "{layout: bold}"));
    assertTrue(e.getMessage().contains("\"fmot.hero\""), e.getMessage());
  }
}
