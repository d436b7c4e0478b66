package dev.moments.server.webhooks;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that happened, for the webhooks subscribed to its type. The id is the receiver's
 * de-duplication key: at-least-once delivery means a retried request can reach it twice.
 *
 * @param experiment the experiment it is about, or null
 * @param payload the body's fields besides {@code id}, {@code type} and {@code createdAt}; its
 *     {@code summary} is the sentence a chat message shows
 */
public record WebhookEvent(UUID id, EventType type, String experiment, JsonObject payload) {
  public WebhookEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload.getString("summary"), "summary of a " + type.wire() + " event");
    payload = payload.copy();
  }

  public static WebhookEvent of(EventType type, String experiment, JsonObject payload) {
    return new WebhookEvent(UUID.randomUUID(), type, experiment, payload);
  }

  public String summary() {
    return payload.getString("summary");
  }
}
