package dev.moments.sdk;

import static dev.moments.sdk.ClientFixtures.NO_SERVER;
import static dev.moments.sdk.ClientFixtures.quiet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sticky bucketing through the client: the StickyStore keeps units in place across config changes.
 */
class StickyClientTest {
  private static final String MOMENT = "fmot.hero";
  private final ClientFixtures.Errors errors = new ClientFixtures.Errors();

  static String config(String version, boolean sticky, int control, int bold) {
    return """
        {"version":"%s","experiments":[{"key":"hero","moment":"fmot.hero","salt":"s","status":"running",
          "trafficPercent":100,"ranges":[[0,10000]],"sticky":%s,
          "variants":[{"key":"control","weight":%d},{"key":"bold","weight":%d}]}]}
        """
        .formatted(version, sticky, control, bold);
  }

  /** Assigns 300 units under 50/50, then moves the weights to 10/90 and assigns them again. */
  private Map<String, String[]> beforeAndAfterAWeightChange(boolean sticky) throws Exception {
    String[] served = {config("v1", sticky, 50, 50)};
    Map<String, String[]> variants = new HashMap<>();
    try (FakeEndpoint server =
            new FakeEndpoint().onConfig(r -> FakeEndpoint.Reply.of(200, served[0]));
        MomentsClient client =
            quiet(server.url(), errors)
                .refreshInterval(Duration.ofMillis(20))
                .flushInterval(Duration.ofHours(1))
                .build()) {
      for (String unit : TestConfigs.randomIds(21L, 300)) {
        variants.put(unit, new String[] {client.assign(MOMENT, unit).variant(), null});
      }
      served[0] = config("v2", sticky, 10, 90);
      ClientFixtures.await(
          "config v2", Duration.ofSeconds(10), () -> "v2".equals(client.stats().configVersion()));
      variants.forEach((unit, pair) -> pair[1] = client.assign(MOMENT, unit).variant());
    }
    return variants;
  }

  @Test
  void aStickyExperimentKeepsEveryUnitsVariantWhenItsWeightsChange() throws Exception {
    AssignmentConfig after = AssignmentConfig.fromJson(config("v2", true, 10, 90));
    Map<String, String[]> variants = beforeAndAfterAWeightChange(true);
    long wouldMove =
        variants.entrySet().stream()
            .filter(
                e ->
                    !e.getValue()[0].equals(
                        Assigner.assign(after, MOMENT, e.getKey(), null).variant()))
            .count();
    assertTrue(wouldMove > 50, "the new weights alone would move " + wouldMove + " of 300 units");
    variants.forEach((unit, pair) -> assertEquals(pair[0], pair[1], unit + " kept its variant"));
    assertEquals(List.of(), errors.seen);
  }

  @Test
  void withoutStickyTheSameChangeMovesUnits() throws Exception {
    long moved =
        beforeAndAfterAWeightChange(false).values().stream()
            .filter(pair -> !pair[0].equals(pair[1]))
            .count();
    assertTrue(moved > 50, "a non-sticky experiment moves units: " + moved);
  }

  @Test
  void anAdClickOnAStickyAdExperimentIsKeptOnTheNextVisit() {
    String ads =
        """
        {"experiments":[{"key":"search-ad","moment":"zmot.ad","salt":"s","status":"running","trafficPercent":100,
          "ranges":[[0,10000]],"sticky":true,"variants":[{"key":"a","weight":1,"kind":"ad"},{"key":"b","weight":1,"kind":"ad"}]}]}
        """;
    StickyStore store = StickyStore.inMemory(10);
    try (MomentsClient client =
        quiet(NO_SERVER, errors)
            .configSnapshot(ads)
            .stickyStore(store)
            .closeTimeout(Duration.ZERO)
            .build()) {
      String unit = TestConfigs.randomIds(5L, 1).get(0);
      String natural = client.assign("zmot.ad", unit).variant();
      String clicked = natural.equals("a") ? "b" : "a";
      Assignment click = client.assign("zmot.ad", unit, Map.of("ad", "search-ad:" + clicked));
      assertTrue(click.ad() && click.store());
      assertEquals(clicked, store.get(unit, "search-ad"));
      Assignment later = client.assign("zmot.ad", unit);
      assertEquals(clicked, later.variant(), "the clicked ad variant, not the hash's " + natural);
      assertFalse(later.ad(), "a stored variant, not a new click");
    }
  }

  @Test
  void aFailingStoreIsReportedAndTheHashDecides() {
    StickyStore broken = throwing(() -> new IllegalStateException("redis down"));
    String json = config("v1", true, 50, 50);
    try (MomentsClient client =
        quiet(NO_SERVER, errors)
            .configSnapshot(json)
            .stickyStore(broken)
            .closeTimeout(Duration.ZERO)
            .build()) {
      Assignment a = client.assign(MOMENT, "user-1");
      assertEquals(Assigner.assign(AssignmentConfig.fromJson(json), MOMENT, "user-1", null), a);
      assertTrue(errors.count(MomentsError.Kind.STICKY_STORE_FAILED) >= 1);
    }
  }

  @Test
  void aNonStickyConfigNeverTouchesTheStore() {
    StickyStore untouchable =
        throwing(() -> new AssertionError("the store of a non-sticky config"));
    try (MomentsClient client =
        quiet(NO_SERVER, errors)
            .configSnapshot(config("v1", false, 50, 50))
            .stickyStore(untouchable)
            .closeTimeout(Duration.ZERO)
            .build()) {
      assertNotEquals(null, client.assign(MOMENT, "user-1").variant());
      assertEquals(0, errors.count(MomentsError.Kind.STICKY_STORE_FAILED));
    }
  }

  /** A store whose every call throws what {@code failure} makes. */
  private static StickyStore throwing(java.util.function.Supplier<? extends Throwable> failure) {
    return new StickyStore() {
      @Override
      public String get(String unitId, String experiment) {
        return sneaky(failure.get());
      }

      @Override
      public void put(String unitId, String experiment, String variant) {
        sneaky(failure.get());
      }
    };
  }

  private static String sneaky(Throwable t) {
    if (t instanceof Error e) {
      throw e;
    }
    throw (RuntimeException) t;
  }
}
