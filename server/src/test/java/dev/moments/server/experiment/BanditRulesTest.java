package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A bandit's allocation in the experiment model: parsed on create, sticky, locked once started. */
class BanditRulesTest {
  private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
  private static final JsonObject BANDIT =
      new JsonObject()
          .put("type", "bandit")
          .put("updateEvery", "PT1H")
          .put("minShare", 0.05)
          .put("burnInUnits", 1000);

  private static JsonObject body() {
    return new JsonObject()
        .put("key", "ads")
        .put("moment", "zmot.ads")
        .put("name", "Creatives")
        .put(
            "variants",
            new JsonArray()
                .add(new JsonObject().put("key", "a").put("weight", 1))
                .add(new JsonObject().put("key", "b").put("weight", 1))
                .add(new JsonObject().put("key", "c").put("weight", 1)))
        .put("control", "a")
        .put("primaryMetric", "click");
  }

  private static Experiment created(JsonObject body) {
    return ExperimentChanges.create(ExperimentJson.draft(body), "salt", T0);
  }

  private static Experiment running(JsonObject body) {
    return ExperimentMoves.start(created(body), List.of(), T0.plusSeconds(60));
  }

  private static Experiment patched(Experiment e, JsonObject body) {
    return ExperimentChanges.patch(e, ExperimentJson.patch(body), List.of(), T0.plusSeconds(120));
  }

  @Test
  void aBanditIsStickyByDefaultAndReadBackWhole() {
    Experiment e = created(body().put("allocation", BANDIT));
    assertTrue(e.allocation().isBandit());
    assertTrue(e.sticky(), "a bandit is sticky unless told otherwise");
    assertEquals(BANDIT, ExperimentJson.toJson(e).getJsonObject("allocation"));
    Experiment fixed = created(body());
    assertEquals(Allocation.FIXED, fixed.allocation());
    assertFalse(fixed.sticky(), "a fixed experiment is not sticky by default");
    assertEquals(
        new JsonObject().put("type", "fixed"),
        ExperimentJson.toJson(fixed).getJsonObject("allocation"));
  }

  @Test
  void aNonStickyBanditIsRefused() {
    InvalidException refused =
        assertThrows(
            InvalidException.class,
            () -> created(body().put("allocation", BANDIT).put("sticky", false)));
    assertEquals("sticky", refused.field());
  }

  @Test
  void theFloorMustLeaveRoomForEveryArm() {
    JsonObject tooHigh = BANDIT.copy().put("minShare", 0.34);
    assertEquals(
        "allocation.minShare",
        assertThrows(InvalidException.class, () -> created(body().put("allocation", tooHigh)))
            .field());
    Experiment two =
        created(
            body()
                .put("allocation", BANDIT.copy().put("minShare", 0.4))
                .put("variants", twoVariants()));
    assertEquals(0.4, two.allocation().minShare());
    InvalidException third =
        assertThrows(
            InvalidException.class,
            () -> patched(two, new JsonObject().put("variants", threeVariants())));
    assertEquals("allocation.minShare", third.field(), "a draft's added arm is checked too");
  }

  private static JsonArray twoVariants() {
    return new JsonArray()
        .add(new JsonObject().put("key", "a").put("weight", 1))
        .add(new JsonObject().put("key", "b").put("weight", 1));
  }

  private static JsonArray threeVariants() {
    return body().getJsonArray("variants");
  }

  @Test
  void updateEveryHasAFloorThatOnlyATestLowers() {
    JsonObject fast = body().put("allocation", BANDIT.copy().put("updateEvery", "PT10S"));
    assertEquals(
        "allocation.updateEvery",
        assertThrows(InvalidException.class, () -> ExperimentJson.draft(fast)).field());
    assertEquals(
        Duration.ofSeconds(10),
        ExperimentJson.draft(fast, Duration.ofSeconds(1)).allocation().updateEvery());
  }

  @Test
  void aRatioPrimaryMetricCannotDriveABandit() {
    JsonObject ratio =
        body()
            .put("allocation", BANDIT)
            .put(
                "primaryMetric",
                new JsonObject()
                    .put("key", "aov")
                    .put("type", "ratio")
                    .put("numerator", "revenue")
                    .put("denominator", "orders"));
    assertEquals(
        "primaryMetric", assertThrows(InvalidException.class, () -> created(ratio)).field());
  }

  @Test
  void aDraftMayBecomeABanditAndBackButAStartedOneKeepsItsAllocation() {
    Experiment draft = created(body());
    Experiment bandit = patched(draft, new JsonObject().put("allocation", BANDIT));
    assertTrue(bandit.allocation().isBandit());
    assertTrue(bandit.sticky(), "turning a draft into a bandit makes it sticky");
    Experiment fixed =
        patched(bandit, new JsonObject().put("allocation", new JsonObject().put("type", "fixed")));
    assertEquals(Allocation.FIXED, fixed.allocation());

    Experiment started = running(body().put("allocation", BANDIT));
    ConflictException locked =
        assertThrows(
            ConflictException.class,
            () ->
                patched(
                    started,
                    new JsonObject().put("allocation", new JsonObject().put("type", "fixed"))));
    assertEquals("field_locked", locked.code());
  }

  @Test
  void aStartedBanditsWeightsAreTheServers() {
    Experiment started = running(body().put("allocation", BANDIT));
    JsonArray reweighted = threeVariants().copy();
    reweighted.getJsonObject(0).put("weight", 98);
    ConflictException locked =
        assertThrows(
            ConflictException.class,
            () -> patched(started, new JsonObject().put("variants", reweighted)));
    assertEquals("field_locked", locked.code());
    assertTrue(locked.getMessage().contains("the server sets its weights"), locked.getMessage());
    Experiment renamed = patched(started, new JsonObject().put("name", "Creatives, round 2"));
    assertEquals(started.allocation(), renamed.allocation(), "other edits keep the allocation");
  }
}
