package dev.moments.server.alerts;

import dev.moments.server.experiment.Experiment;
import dev.moments.server.store.ExperimentStore;
import dev.moments.server.webhooks.Outbox;
import dev.moments.server.webhooks.WebhookEvent;
import dev.moments.server.webhooks.WebhookEvents;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Builds the report of every running experiment, one after the other, and alerts when its decision
 * has changed since the last alert: the compare, the new state and the outbox row are one
 * transaction, so the alert goes out exactly once per change however many servers watch and however
 * often they restart. Reading a report never alerts; only this watcher does.
 */
public final class DecisionWatcher {
  /** The decision of an experiment's report as it stands. */
  @FunctionalInterface
  public interface Decisions {
    Future<JsonObject> of(Experiment experiment);
  }

  private final Pool pool;
  private final ExperimentStore experiments;
  private final Decisions decisions;
  private final Clock clock;
  private final AlertRule rule;

  /**
   * @param minDays days an experiment runs before any alert but a harmed guardrail's
   */
  public DecisionWatcher(
      Pool pool, ExperimentStore experiments, Decisions decisions, Clock clock, int minDays) {
    this.pool = pool;
    this.experiments = experiments;
    this.decisions = decisions;
    this.clock = clock;
    this.rule = new AlertRule(minDays);
  }

  /** One round over the running experiments; the number of alerts it raised. */
  public Future<Integer> round() {
    return experiments.list(null, "running", false).compose(this::watchEach);
  }

  private Future<Integer> watchEach(List<Experiment> running) {
    Future<Integer> raised = Future.succeededFuture(0);
    for (Experiment e : running) {
      raised =
          raised.compose(
              n ->
                  decisions.of(e).compose(d -> consider(e, d)).map(alerted -> alerted ? n + 1 : n));
    }
    return raised;
  }

  /** Alerts the decision if it is alertable and not the one last alerted; true if it did. */
  Future<Boolean> consider(Experiment e, JsonObject decision) {
    String outcome = decision.getString("outcome");
    if (!rule.alertable(outcome, e.startedAt(), clock.instant())) {
      return Future.succeededFuture(false);
    }
    AlertState.Alerted now =
        new AlertState.Alerted(
            outcome, "winner".equals(outcome) ? decision.getString("winner") : null);
    return pool.withTransaction(
        conn ->
            AlertState.lock(conn, e.key())
                .compose(
                    stored -> {
                      if (AlertState.same(stored, now)) {
                        return Future.succeededFuture(false);
                      }
                      Optional<WebhookEvent> event =
                          WebhookEvents.decision(
                              e, decision, stored.map(AlertState.Alerted::json).orElse(null));
                      if (event.isEmpty()) {
                        return Future.succeededFuture(false);
                      }
                      return AlertState.store(
                              conn, e.key(), now, event.get().id(), stored.isPresent())
                          .compose(
                              won ->
                                  won
                                      ? Outbox.enqueue(conn, event.get()).map(true)
                                      : Future.succeededFuture(false));
                    }));
  }
}
