package dev.moments.server.webhooks;

import dev.moments.server.auth.Caller;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.Status;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** The events the server raises, with the payload each carries. */
public final class WebhookEvents {
  private WebhookEvents() {}

  /**
   * {@code experiment.started} when an experiment starts running (from a draft, or again after a
   * pause: {@code from} says which), {@code experiment.stopped} when it stops; nothing for other
   * changes.
   */
  public static Optional<WebhookEvent> lifecycle(Experiment before, Experiment after, Caller by) {
    if (before.status() == after.status()) {
      return Optional.empty();
    }
    JsonObject payload =
        new JsonObject()
            .put("experiment", experiment(after))
            .put("from", before.status().wire())
            .put("by", actor(by));
    String name = quoted(after);
    if (after.status() == Status.RUNNING) {
      String verb = before.status() == Status.PAUSED ? "resumed" : "started";
      return Optional.of(
          WebhookEvent.of(
              EventType.EXPERIMENT_STARTED,
              after.key(),
              payload.put("summary", name + " " + verb + " (by " + by.name() + ").")));
    }
    if (after.status() == Status.STOPPED) {
      String rollout =
          after.rollout() == null
              ? ", nothing rolled out"
              : ", '" + after.rollout() + "' rolled out to all its traffic";
      return Optional.of(
          WebhookEvent.of(
              EventType.EXPERIMENT_STOPPED,
              after.key(),
              payload
                  .put("rollout", after.rollout())
                  .put("summary", name + " stopped" + rollout + " (by " + by.name() + ").")));
    }
    return Optional.empty();
  }

  /**
   * The alert for a decision whose outcome changed; empty for an outcome nobody is alerted to.
   *
   * @param decision the report's {@code decision}
   * @param previous the decision last alerted ({@code outcome}, {@code winner}), or null
   */
  public static Optional<WebhookEvent> decision(
      Experiment e, JsonObject decision, JsonObject previous) {
    String outcome = decision.getString("outcome");
    return EventType.forOutcome(outcome == null ? "" : outcome)
        .map(
            type ->
                WebhookEvent.of(
                    type,
                    e.key(),
                    new JsonObject()
                        .put("experiment", experiment(e))
                        .put(
                            "decision",
                            new JsonObject()
                                .put("outcome", outcome)
                                .put("winner", decision.getString("winner"))
                                .put("reason", decision.getString("reason")))
                        .put("previous", previous)
                        .put("summary", quoted(e) + ": " + decision.getString("reason"))));
  }

  private static JsonObject experiment(Experiment e) {
    return new JsonObject()
        .put("key", e.key())
        .put("name", e.name())
        .put("moment", e.moment())
        .put("status", e.status().wire());
  }

  private static JsonObject actor(Caller by) {
    return new JsonObject().put("name", by.name()).put("system", by.isSystem());
  }

  private static String quoted(Experiment e) {
    return "Experiment '" + e.name() + "' (" + e.key() + ")";
  }
}
