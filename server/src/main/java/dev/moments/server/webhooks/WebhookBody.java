package dev.moments.server.webhooks;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * The request body of a delivery. {@code json}: the event's payload with {@code id}, {@code type}
 * and {@code createdAt}. {@code slack}: {@code {"text": summary}}, which a Slack (or Mattermost,
 * Teams workflow) incoming webhook posts as a message. Built again for each attempt from the stored
 * event, so every attempt sends the same bytes.
 */
final class WebhookBody {
  private WebhookBody() {}

  static String render(WebhookEvent event, Instant createdAt, Webhook.Format format) {
    if (format == Webhook.Format.SLACK) {
      return new JsonObject().put("text", slackText(event)).encode();
    }
    JsonObject body =
        new JsonObject()
            .put("id", event.id().toString())
            .put("type", event.type().wire())
            .put("createdAt", createdAt.toString());
    return body.mergeIn(event.payload()).encode();
  }

  private static String slackText(WebhookEvent event) {
    String mark =
        switch (event.type()) {
          case SRM, GUARDRAIL_HARM -> ":warning: ";
          case DECISION -> isWinner(event) ? ":trophy: " : ":information_source: ";
          case EXPERIMENT_STARTED -> ":arrow_forward: ";
          case EXPERIMENT_STOPPED -> ":stop_button: ";
        };
    // Slack's mrkdwn treats &, < and > as markup; user-written names must stay text
    String text = event.summary().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return mark + text;
  }

  private static boolean isWinner(WebhookEvent event) {
    JsonObject decision = event.payload().getJsonObject("decision");
    return decision != null && "winner".equals(decision.getString("outcome"));
  }
}
