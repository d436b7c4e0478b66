package dev.moments.server.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.domain.InvalidException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Subscriptions, bodies and retry timing: the pure parts of webhook delivery. */
class WebhookRulesTest {
  private static String refused(String url, List<String> events, String secret) {
    return assertThrows(InvalidException.class, () -> Webhook.create(url, events, secret, null))
        .field();
  }

  @Test
  void aSubscriptionNeedsAnHttpUrlWithoutCredentialsKnownEventsAndALongSecret() {
    List<String> srm = List.of("srm");
    assertEquals("url", refused("ftp://x.example/h", srm, null));
    assertEquals("url", refused("https:///nohost", srm, null));
    assertEquals("url", refused("https://u:p@x.example/h", srm, null));
    assertEquals("url", refused("https://x.example/a b", srm, null));
    assertEquals("events[1]", refused("https://x.example/h", List.of("srm", "won"), null));
    assertEquals("events", refused("https://x.example/h", List.of(), null));
    assertEquals("secret", refused("https://x.example/h", srm, "short"));
    Webhook w =
        Webhook.create("HTTPS://x.example/h", List.of("srm", "experiment.started"), null, "slack");
    assertEquals(Set.of(EventType.SRM, EventType.EXPERIMENT_STARTED), w.events());
    assertEquals(Webhook.Format.SLACK, w.format());
    assertTrue(w.secret().startsWith("whsec_") && w.secret().length() >= 32, w.secret());
    assertEquals("…" + w.secret().substring(w.secret().length() - 4), Webhook.hint(w.secret()));
  }

  @Test
  void decisionsAlertByOutcomeAndKeepRunningAlertsNobody() {
    assertEquals(EventType.DECISION, EventType.forOutcome("winner").orElseThrow());
    assertEquals(EventType.DECISION, EventType.forOutcome("no_difference").orElseThrow());
    assertEquals(EventType.SRM, EventType.forOutcome("srm").orElseThrow());
    assertEquals(EventType.GUARDRAIL_HARM, EventType.forOutcome("guardrail_harm").orElseThrow());
    assertTrue(EventType.forOutcome("keep_running").isEmpty());
  }

  @Test
  void bodiesCarryTheEventAndSlackGetsEscapedText() {
    WebhookEvent event =
        new WebhookEvent(
            UUID.fromString("00000000-0000-0000-0000-000000000001"),
            EventType.DECISION,
            "hero",
            new JsonObject()
                .put("experiment", new JsonObject().put("key", "hero"))
                .put("decision", new JsonObject().put("outcome", "winner"))
                .put("summary", "<Bold> & co wins"));
    Instant at = Instant.parse("2026-11-29T10:00:00Z");
    JsonObject json = new JsonObject(WebhookBody.render(event, at, Webhook.Format.JSON));
    assertEquals("00000000-0000-0000-0000-000000000001", json.getString("id"));
    assertEquals("decision", json.getString("type"));
    assertEquals("2026-11-29T10:00:00Z", json.getString("createdAt"));
    assertEquals("hero", json.getJsonObject("experiment").getString("key"));
    assertEquals(
        new JsonObject().put("text", ":trophy: &lt;Bold&gt; &amp; co wins"),
        new JsonObject(WebhookBody.render(event, at, Webhook.Format.SLACK)));
    assertEquals(
        WebhookBody.render(event, at, Webhook.Format.JSON),
        WebhookBody.render(event, at, Webhook.Format.JSON),
        "every attempt sends the same bytes");
  }

  @Test
  void retriesBackOffExponentiallyWithJitterUpToTheCap() {
    Backoff backoff = new Backoff(Duration.ofSeconds(30), Duration.ofHours(1));
    assertEquals(Duration.ofSeconds(30), backoff.delay(1, 0));
    assertEquals(Duration.ofSeconds(60), backoff.delay(2, 0));
    assertEquals(Duration.ofSeconds(240), backoff.delay(4, 0));
    assertEquals(Duration.ofHours(1), backoff.delay(8, 0));
    assertEquals(Duration.ofHours(1), backoff.delay(99, 0));
    // jitter takes up to half of the wait off
    assertEquals(Duration.ofSeconds(30), backoff.delay(2, 0.999_999_9));
    assertEquals(Duration.ofSeconds(90), backoff.delay(3, 0.5));
  }
}
