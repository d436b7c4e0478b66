package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.Correction;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentChangesTest {
  private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
  private static final Instant T1 = T0.plusSeconds(3600);
  private static final Instant T2 = T1.plusSeconds(3600);

  static Experiment draft() {
    return Experiment.builder()
        .key("hero")
        .moment("fmot.hero")
        .name("Bold hero")
        .trafficPercent(50)
        .variants(List.of(Variant.of("control", 50), Variant.of("bold", 50)))
        .control("control")
        .primaryMetric(Metric.binomial("signup"))
        .build();
  }

  private static Experiment created() {
    return ExperimentChanges.create(draft(), "salt", T0);
  }

  private static Experiment running() {
    return ExperimentMoves.start(created(), List.of(), T1);
  }

  private static ExperimentPatch patch(JsonObject body) {
    return ExperimentJson.patch(body);
  }

  @Test
  void createMakesADraftWithItsSaltAndTime() {
    Experiment e = created();
    assertEquals(Status.DRAFT, e.status());
    assertEquals("salt", e.salt());
    assertEquals(T0, e.createdAt());
    assertEquals(T0, e.updatedAt());
    assertEquals(List.of(), e.ranges());
    assertNull(e.startedAt());
  }

  @Test
  void createChecksTheRules() {
    Experiment noControl = draft().toBuilder().control("classic").build();
    assertEquals(
        "control",
        assertThrows(InvalidException.class, () -> ExperimentChanges.create(noControl, "s", T0))
            .field());
  }

  @Test
  void startTakesTheFirstFreeRangeAndKeepsTheFirstStartTime() {
    Experiment taken = ExperimentMoves.start(created(), List.of(new LayerRange(0, 2000)), T1);
    assertEquals(Status.RUNNING, taken.status());
    assertEquals(List.of(new LayerRange(2000, 7000)), taken.ranges());
    assertEquals(T1, taken.startedAt());
    Experiment paused = ExperimentMoves.pause(taken, T2);
    Experiment resumed = ExperimentMoves.start(paused, List.of(), T2.plusSeconds(60));
    assertEquals(taken.ranges(), resumed.ranges(), "resuming moves nobody");
    assertEquals(T1, resumed.startedAt());
  }

  @Test
  void startOnAFullMomentIsAConflictSayingWhatIsFree() {
    ConflictException e =
        assertThrows(
            ConflictException.class,
            () -> ExperimentMoves.start(created(), List.of(new LayerRange(0, 8000)), T1));
    assertEquals("moment_full", e.code());
    assertEquals(
        "Experiment 'hero' needs 50.00% of the moment's traffic but only 20.00% is free (largest"
            + " free block 20.00%) on moment 'fmot.hero'; lower its trafficPercent or stop another"
            + " experiment there.",
        e.getMessage());
  }

  @Test
  void stopWithARolloutKeepsTheRangesAndWithoutFreesThem() {
    Experiment rolledOut = ExperimentMoves.stop(running(), "bold", T2);
    assertEquals(Status.STOPPED, rolledOut.status());
    assertEquals("bold", rolledOut.rollout());
    assertEquals(running().ranges(), rolledOut.ranges());
    assertEquals(T2, rolledOut.stoppedAt());
    Experiment stopped = ExperimentMoves.stop(running(), null, T2);
    assertEquals(List.of(), stopped.ranges());
    assertEquals(
        "rollout",
        assertThrows(InvalidException.class, () -> ExperimentMoves.stop(running(), "x", T2))
            .field());
  }

  @Test
  void aRunningExperimentKeepsItsVariantsAndControl() {
    JsonObject body =
        new JsonObject().put("name", "Bolder").put("control", "bold").put("variants", List.of());
    ConflictException e =
        assertThrows(
            ConflictException.class,
            () -> ExperimentChanges.patch(running(), patch(body), List.of(), T2));
    assertEquals("field_locked", e.code());
    assertEquals(
        "'control' cannot change while the experiment is running: it would move visitors who"
            + " have already seen a variant.",
        e.getMessage(),
        "the first locked field in the request's order");
  }

  private static JsonObject variants(Object... keyAndWeight) {
    List<JsonObject> list = new java.util.ArrayList<>();
    for (int i = 0; i < keyAndWeight.length; i += 2) {
      list.add(new JsonObject().put("key", keyAndWeight[i]).put("weight", keyAndWeight[i + 1]));
    }
    return new JsonObject().put("variants", list);
  }

  @Test
  void aRunningStickyExperimentTakesNewWeightsAndAddedVariants() {
    Experiment sticky =
        ExperimentMoves.start(
            ExperimentChanges.create(draft().toBuilder().sticky(true).build(), "salt", T0),
            List.of(),
            T1);
    Experiment reweighted =
        ExperimentChanges.patch(
            sticky, patch(variants("control", 10, "bold", 80, "minimal", 10)), List.of(), T2);
    assertEquals(List.of("control", "bold", "minimal"), keys(reweighted));
    assertEquals(80, reweighted.variants().get(1).weight());
    ConflictException removed =
        assertThrows(
            ConflictException.class,
            () ->
                ExperimentChanges.patch(sticky, patch(variants("bold", 1, "x", 1)), List.of(), T2));
    assertEquals("field_locked", removed.code());
    assertEquals(
        "Variant 'control' cannot be removed or change its kind while the experiment is running:"
            + " units counted in it keep it. A sticky experiment takes new weights and added"
            + " variants; remove a variant only from a draft.",
        removed.getMessage());
    ConflictException notSticky =
        assertThrows(
            ConflictException.class,
            () ->
                ExperimentChanges.patch(
                    running(), patch(variants("control", 10, "bold", 90)), List.of(), T2));
    assertEquals("field_locked", notSticky.code(), "a non-sticky experiment keeps refusing");
    Experiment stopped = ExperimentMoves.stop(sticky, null, T2);
    assertEquals(
        "field_locked",
        assertThrows(
                ConflictException.class,
                () ->
                    ExperimentChanges.patch(
                        stopped, patch(variants("control", 10, "bold", 90)), List.of(), T2))
            .code(),
        "a stopped one too");
  }

  private static List<String> keys(Experiment e) {
    return e.variants().stream().map(Variant::key).toList();
  }

  @Test
  void aStoppedExperimentAlsoKeepsItsTrafficAndTargeting() {
    Experiment stopped = ExperimentMoves.stop(running(), null, T2);
    for (String field : List.of("trafficPercent", "targeting")) {
      JsonObject body = new JsonObject().put(field, field.equals("targeting") ? null : 10);
      assertEquals(
          "'" + field + "' cannot change while the experiment is stopped.",
          assertThrows(
                  ConflictException.class,
                  () -> ExperimentChanges.patch(stopped, patch(body), List.of(), T2))
              .getMessage());
    }
  }

  @Test
  void aDraftMayChangeItsVariantsAndTheRulesStillHold() {
    JsonObject variants =
        new JsonObject()
            .put(
                "variants",
                List.of(
                    new JsonObject().put("key", "control").put("weight", 1),
                    new JsonObject().put("key", "bold").put("weight", 1),
                    new JsonObject().put("key", "minimal").put("weight", 1)));
    Experiment e = ExperimentChanges.patch(created(), patch(variants), List.of(), T1);
    assertEquals(3, e.variants().size());
    assertEquals(T1, e.updatedAt());
    assertEquals(T0, e.createdAt());
    JsonObject drop = new JsonObject().put("control", "minimal");
    assertEquals(
        "control",
        assertThrows(
                InvalidException.class,
                () -> ExperimentChanges.patch(created(), patch(drop), List.of(), T1))
            .field());
  }

  @Test
  void lessTrafficKeepsTheCutBucketsFromOthersUntilTheExperimentStops() {
    JsonObject body = new JsonObject().put("trafficPercent", 20);
    Experiment e = ExperimentChanges.patch(running(), patch(body), List.of(), T2);
    assertEquals(List.of(new LayerRange(0, 2000)), e.ranges());
    assertEquals(List.of(new LayerRange(2000, 5000)), e.retiredRanges());
    assertEquals(List.of(new LayerRange(0, 2000), new LayerRange(2000, 5000)), e.heldRanges());
    Experiment paused = ExperimentMoves.pause(e, T2);
    assertEquals(e.heldRanges(), paused.heldRanges(), "a paused experiment keeps its hold");
    Experiment rolledOut = ExperimentMoves.stop(e, "bold", T2);
    assertEquals(e.heldRanges(), rolledOut.heldRanges(), "a rollout keeps its hold");
    Experiment stopped = ExperimentMoves.stop(e, null, T2);
    assertEquals(List.of(), stopped.heldRanges());
    assertEquals(List.of(), stopped.retiredRanges());
  }

  @Test
  void moreTrafficGrowsTheRangesOfARunningExperimentInPlace() {
    JsonObject body = new JsonObject().put("trafficPercent", 60);
    Experiment e = ExperimentChanges.patch(running(), patch(body), List.of(), T2);
    assertEquals(60, e.trafficPercent());
    assertEquals(List.of(new LayerRange(0, 6000)), e.ranges());
    Experiment draft = ExperimentChanges.patch(created(), patch(body), List.of(), T2);
    assertEquals(List.of(), draft.ranges(), "a draft holds no buckets yet");
  }

  @Test
  void statsChangesMergeIntoTheCurrentSettings() {
    Experiment holm = created();
    JsonObject body = new JsonObject().put("stats", new JsonObject().put("correction", "bh"));
    Experiment e = ExperimentChanges.patch(holm, patch(body), List.of(), T1);
    assertEquals(Correction.BH, e.stats().correction());
    assertEquals(
        StatsSettings.DEFAULT,
        new StatsSettings.Patch(null, null, null, null, null, Correction.HOLM, null, null)
            .applyTo(e.stats()),
        "the rest");
    JsonObject unreachable =
        new JsonObject().put("stats", new JsonObject().put("baseline", 0.95).put("mde", 0.1));
    assertEquals(
        "stats.mde",
        assertThrows(
                InvalidException.class,
                () -> ExperimentChanges.patch(holm, patch(unreachable), List.of(), T1))
            .field());
  }

  @Test
  void hypothesisAndTargetingMayBeCleared() {
    Experiment with =
        draft().toBuilder()
            .hypothesis("bolder wins")
            .targeting(
                new JsonObject().put("attribute", "device").put("op", "exists").put("value", true))
            .build();
    JsonObject body = new JsonObject().putNull("hypothesis").putNull("targeting");
    Experiment e =
        ExperimentChanges.patch(
            ExperimentChanges.create(with, "s", T0), patch(body), List.of(), T1);
    assertNull(e.hypothesis());
    assertNull(e.targeting());
    assertEquals("Bold hero", e.name());
  }
}
