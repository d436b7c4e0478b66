package dev.moments.server.http;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.experiment.TargetingAttributes;
import dev.moments.server.store.AuditLog;
import dev.moments.server.store.ExperimentStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;

/** /api/v1/experiments, /api/v1/experiments/{key} and its audit trail. */
final class ExperimentsHandler {
  private final ExperimentStore experiments;
  private final AuditLog audit;
  private final TargetingAttributes attributes;
  private final Clock clock;
  private final Duration minUpdateEvery;

  /**
   * @param minUpdateEvery the least {@code allocation.updateEvery} a bandit may ask for
   */
  ExperimentsHandler(
      ExperimentStore experiments,
      AuditLog audit,
      TargetingAttributes attributes,
      Clock clock,
      Duration minUpdateEvery) {
    this.experiments = experiments;
    this.audit = audit;
    this.attributes = attributes;
    this.clock = clock;
    this.minUpdateEvery = minUpdateEvery;
  }

  /** A saved experiment with what its author should check: targeting on attributes no SDK sends. */
  private JsonObject withWarnings(Experiment e) {
    return ExperimentJson.toJson(e)
        .put(
            "warnings",
            e.targeting() == null
                ? new JsonArray()
                : attributes.warnings(e.targeting(), clock.instant()));
  }

  void create(RoutingContext ctx) {
    Responses.reply(
        ctx,
        201,
        experiments
            .create(
                AuthHandler.caller(ctx), ExperimentJson.draft(Responses.body(ctx), minUpdateEvery))
            .map(this::withWarnings));
  }

  void list(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        experiments
            .list(
                Responses.query(ctx, "moment"),
                Responses.query(ctx, "status"),
                "true".equals(Responses.query(ctx, "archived")))
            .map(
                list -> {
                  JsonArray json = new JsonArray();
                  list.forEach(e -> json.add(ExperimentJson.toJson(e)));
                  return new JsonObject().put("experiments", json);
                }));
  }

  void get(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    Responses.reply(
        ctx,
        200,
        experiments
            .get(key)
            .compose(
                e ->
                    experiments
                        .statusHistory(key)
                        .map(history -> ExperimentJson.toJson(e).put("statusHistory", history))));
  }

  void patch(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        experiments
            .patch(
                AuthHandler.caller(ctx),
                ctx.pathParam("key"),
                ExperimentJson.patch(Responses.body(ctx), minUpdateEvery))
            .map(this::withWarnings));
  }

  void audit(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    Responses.reply(
        ctx,
        200,
        experiments
            .get(key)
            .compose(e -> audit.entries("experiment", key, 500))
            .map(entries -> new JsonObject().put("entries", entries)));
  }
}
