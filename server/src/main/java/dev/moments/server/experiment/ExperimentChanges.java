package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Pure transformations of an experiment: creation, edits and lifecycle moves. The caller supplies
 * the ranges that other experiments on the same moment hold (read under the moment's row lock) and
 * the time.
 */
public final class ExperimentChanges {
  private static final Set<String> LOCKED_AFTER_DRAFT = Set.of("variants", "control");
  private static final Set<String> LOCKED_AFTER_STOP =
      Set.of("variants", "control", "trafficPercent", "targeting");

  private ExperimentChanges() {}

  public static Experiment create(JsonObject body, String salt, Instant now) {
    JsonArray variants = ExperimentRules.normaliseVariants(body.getJsonArray("variants"));
    ExperimentRules.checkControl(body.getString("control"), variants);
    JsonObject primary = ExperimentRules.normaliseMetric(body.getValue("primaryMetric"));
    JsonArray secondary = ExperimentRules.normaliseMetrics(body.getJsonArray("secondaryMetrics"));
    JsonArray guardrail = ExperimentRules.normaliseMetrics(body.getJsonArray("guardrailMetrics"));
    ExperimentRules.checkMetricRoles(primary, secondary, guardrail);
    JsonObject stats = ExperimentRules.normaliseStats(body.getJsonObject("stats"));
    ExperimentRules.checkPlannedBaseline(stats, primary);
    ExperimentRules.checkTargeting(body.getJsonObject("targeting"));
    return new Experiment(
        body.getString("key"),
        body.getString("moment"),
        body.getString("name"),
        body.getString("hypothesis"),
        Status.DRAFT,
        salt,
        body.getDouble("trafficPercent", 100.0),
        List.of(),
        variants,
        body.getString("control"),
        primary,
        secondary,
        guardrail,
        body.getJsonObject("targeting"),
        stats,
        null,
        now,
        now,
        null,
        null);
  }

  public static Experiment patch(
      Experiment e, JsonObject changes, List<LayerRange> takenByOthers, Instant now) {
    Set<String> locked =
        e.status() == Status.STOPPED
            ? LOCKED_AFTER_STOP
            : e.status() == Status.DRAFT ? Set.of() : LOCKED_AFTER_DRAFT;
    for (String field : changes.fieldNames()) {
      if (locked.contains(field)) {
        throw new ConflictException(
            "field_locked",
            "'"
                + field
                + "' cannot change while the experiment is "
                + e.status().wire()
                + (e.status() == Status.STOPPED
                    ? "."
                    : ": it would move visitors who have already seen a variant."));
      }
    }
    JsonArray variants =
        changes.containsKey("variants")
            ? ExperimentRules.normaliseVariants(changes.getJsonArray("variants"))
            : e.variants();
    String control = changes.getString("control", e.control());
    ExperimentRules.checkControl(control, variants);
    JsonObject primary =
        changes.containsKey("primaryMetric")
            ? ExperimentRules.normaliseMetric(changes.getValue("primaryMetric"))
            : e.primaryMetric();
    JsonArray secondary =
        changes.containsKey("secondaryMetrics")
            ? ExperimentRules.normaliseMetrics(changes.getJsonArray("secondaryMetrics"))
            : e.secondaryMetrics();
    JsonArray guardrail =
        changes.containsKey("guardrailMetrics")
            ? ExperimentRules.normaliseMetrics(changes.getJsonArray("guardrailMetrics"))
            : e.guardrailMetrics();
    ExperimentRules.checkMetricRoles(primary, secondary, guardrail);
    JsonObject stats =
        changes.containsKey("stats")
            ? ExperimentRules.normaliseStats(
                e.stats().copy().mergeIn(changes.getJsonObject("stats")))
            : e.stats();
    ExperimentRules.checkPlannedBaseline(stats, primary);
    double traffic = changes.getDouble("trafficPercent", e.trafficPercent());
    List<LayerRange> ranges = e.ranges();
    if (traffic != e.trafficPercent() && e.holdsRange()) {
      ranges = resize(e, traffic, takenByOthers);
    }
    JsonObject targeting =
        changes.containsKey("targeting") ? changes.getJsonObject("targeting") : e.targeting();
    ExperimentRules.checkTargeting(targeting);
    return new Experiment(
        e.key(),
        e.moment(),
        changes.getString("name", e.name()),
        changes.containsKey("hypothesis") ? changes.getString("hypothesis") : e.hypothesis(),
        e.status(),
        e.salt(),
        traffic,
        ranges,
        variants,
        control,
        primary,
        secondary,
        guardrail,
        targeting,
        stats,
        e.rollout(),
        e.createdAt(),
        now,
        e.startedAt(),
        e.stoppedAt());
  }

  public static Experiment start(Experiment e, List<LayerRange> takenByOthers, Instant now) {
    Status to = Lifecycle.start(e.status());
    List<LayerRange> ranges = e.ranges();
    if (ranges.isEmpty()) {
      try {
        ranges = LayerAllocator.allocate(LayerAllocator.width(e.trafficPercent()), takenByOthers);
      } catch (LayerFullException full) {
        throw new ConflictException(
            "moment_full",
            "Experiment '"
                + e.key()
                + "' "
                + full.getMessage()
                + " on moment '"
                + e.moment()
                + "'; lower its trafficPercent or stop another experiment there.");
      }
    }
    return withStatus(
        e, to, ranges, e.rollout(), e.startedAt() == null ? now : e.startedAt(), null, now);
  }

  public static Experiment pause(Experiment e, Instant now) {
    return withStatus(e, Lifecycle.pause(e.status()), e.ranges(), null, e.startedAt(), null, now);
  }

  public static Experiment stop(Experiment e, String rollout, Instant now) {
    Status to = Lifecycle.stop(e.status());
    ExperimentRules.checkRollout(rollout, e);
    List<LayerRange> ranges = rollout == null ? List.of() : e.ranges();
    return withStatus(e, to, ranges, rollout, e.startedAt(), now, now);
  }

  private static List<LayerRange> resize(
      Experiment e, double traffic, List<LayerRange> takenByOthers) {
    try {
      return LayerAllocator.resize(e.ranges(), LayerAllocator.width(traffic), takenByOthers);
    } catch (LayerFullException full) {
      throw new ConflictException(
          "moment_full",
          "Raising traffic of '"
              + e.key()
              + "' "
              + full.getMessage()
              + " on moment '"
              + e.moment()
              + "'.");
    }
  }

  private static Experiment withStatus(
      Experiment e,
      Status to,
      List<LayerRange> ranges,
      String rollout,
      Instant startedAt,
      Instant stoppedAt,
      Instant now) {
    return new Experiment(
        e.key(),
        e.moment(),
        e.name(),
        e.hypothesis(),
        to,
        e.salt(),
        e.trafficPercent(),
        ranges,
        e.variants(),
        e.control(),
        e.primaryMetric(),
        e.secondaryMetrics(),
        e.guardrailMetrics(),
        e.targeting(),
        e.stats(),
        rollout,
        e.createdAt(),
        now,
        startedAt,
        stoppedAt);
  }
}
