package dev.moments.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.events.EventBatchParser.ParsedBatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventBatchParserTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

  private static JsonObject exposure() {
    return new JsonObject()
        .put("id", "e1")
        .put("type", "exposure")
        .put("unitId", "visitor-42")
        .put("experiment", "hero-2026-11")
        .put("variant", "bold");
  }

  private static JsonObject conversion() {
    return new JsonObject()
        .put("id", "c1")
        .put("type", "conversion")
        .put("unitId", "visitor-42")
        .put("metric", "signup");
  }

  private static ParsedBatch parse(boolean admin, Object... events) {
    return new EventBatchParser(NOW, admin, !admin)
        .parse(new JsonObject().put("events", new JsonArray(java.util.List.of(events))).toBuffer());
  }

  /** The single event's error as {code, field}, or null when accepted. */
  private static InvalidException errorOf(JsonObject event) {
    ParsedBatch batch = parse(false, event);
    if (batch.rejected().isEmpty()) {
      return null;
    }
    assertEquals(0, batch.rejected().get(0).index());
    return batch.rejected().get(0).error();
  }

  private static void assertRejected(JsonObject event, String code, String field) {
    InvalidException error = errorOf(event);
    assertTrue(error != null, "expected a rejection of " + event.encode());
    assertEquals(code, error.code(), error.getMessage());
    assertEquals(field, error.field(), error.getMessage());
    assertFalse(error.getMessage().isBlank());
  }

  @Test
  void validEventsGetDefaults() {
    ParsedBatch batch = parse(false, exposure(), conversion());
    assertEquals(0, batch.rejected().size());
    Event x = batch.events().get(0);
    assertEquals(EventType.EXPOSURE, x.type());
    assertEquals(NOW, x.timestamp());
    assertFalse(x.forced());
    assertNull(x.attributes());
    Event c = batch.events().get(1);
    assertEquals("signup", c.metric());
    assertEquals(1.0, c.value());
    assertNull(c.experiment());
  }

  @Test
  void holdoutExposuresAreAcceptedWithTheirSideOfTheHoldout() {
    JsonObject holdout =
        exposure()
            .put("experiment", "q1-holdout")
            .put("variant", "exposed")
            .put("source", "holdout");
    ParsedBatch batch =
        parse(false, holdout, holdout.copy().put("id", "e2").put("variant", "holdout"));
    assertEquals(0, batch.rejected().size(), batch.rejected().toString());
    assertTrue(batch.events().get(0).isHoldout());
    assertEquals("holdout", batch.events().get(1).variant());
    assertRejected(holdout.copy().put("variant", "bold"), "invalid_field", "events[0].variant");
    assertRejected(holdout.copy().put("forced", true), "invalid_field", "events[0].forced");
    assertRejected(conversion().put("source", "holdout"), "invalid_field", "events[0].source");
    assertRejected(exposure().put("source", "email"), "invalid_field", "events[0].source");
  }

  @Test
  void partialRejectionKeepsGoodEventsAndNamesTheIndex() {
    ParsedBatch batch =
        parse(false, exposure(), conversion().put("unitId", ""), exposure().put("id", "e2"));
    assertEquals(2, batch.events().size());
    assertEquals(1, batch.rejected().size());
    EventBatchParser.Rejected rejected = batch.rejected().get(0);
    assertEquals(1, rejected.index());
    assertEquals("events[1].unitId", rejected.error().field());
  }

  @Test
  void fieldRules() {
    assertRejected(exposure().putNull("id"), "missing_field", "events[0].id");
    assertRejected(exposure().put("id", ""), "invalid_field", "events[0].id");
    assertRejected(exposure().put("id", 7), "invalid_field", "events[0].id");
    assertRejected(exposure().put("id", "x".repeat(129)), "invalid_field", "events[0].id");
    assertNull(errorOf(exposure().put("id", "x".repeat(128))));
    assertRejected(exposure().put("type", "click"), "invalid_field", "events[0].type");
    assertRejected(withoutField(exposure(), "type"), "missing_field", "events[0].type");
    assertRejected(exposure().put("unitId", "u".repeat(257)), "invalid_field", "events[0].unitId");
    // 256 code points of a character outside the BMP are 512 chars, and still allowed
    assertNull(errorOf(exposure().put("unitId", "\uD83D\uDE00".repeat(256))));
    assertRejected(exposure().put("unitId", "a\u0000b"), "invalid_text", "events[0].unitId");
    assertRejected(withoutField(exposure(), "experiment"), "missing_field", "events[0].experiment");
    assertRejected(withoutField(exposure(), "variant"), "missing_field", "events[0].variant");
    assertRejected(exposure().put("experiment", "Hero"), "invalid_field", "events[0].experiment");
    assertRejected(exposure().put("variant", "-bold"), "invalid_field", "events[0].variant");
    assertRejected(exposure().put("variant", "b".repeat(65)), "invalid_field", "events[0].variant");
    assertRejected(withoutField(conversion(), "metric"), "missing_field", "events[0].metric");
    assertRejected(conversion().put("metric", "sign up"), "invalid_field", "events[0].metric");
    assertRejected(conversion().put("value", "3"), "invalid_field", "events[0].value");
    assertRejected(conversion().put("foo", 1), "unknown_field", "events[0].foo");
    assertRejected(exposure().put("forced", "yes"), "invalid_field", "events[0].forced");
    assertTrue(parse(false, exposure().put("forced", true)).events().get(0).forced());
    assertRejected(exposure().put("source", "google"), "invalid_field", "events[0].source");
    assertRejected(conversion().put("source", "ad"), "invalid_field", "events[0].source");
    assertTrue(parse(false, exposure().put("source", "ad")).events().get(0).isAd());
    assertEquals(2.5, parse(false, conversion().put("value", 2.5)).events().get(0).value());
  }

  /**
   * One event written as JSON text, so that escapes such as an unpaired surrogate reach the parser.
   */
  private static InvalidException rawError(EventBatchParser parser, String eventJson) {
    ParsedBatch batch = parser.parse(Buffer.buffer("{\"events\":[" + eventJson + "]}"));
    return batch.rejected().isEmpty() ? null : batch.rejected().get(0).error();
  }

  @Test
  void unpairedSurrogatesAreRefusedSoThatTwoUnitsNeverMerge() {
    // issue 17.2: "a" + U+D800 and "a" + U+DFFF were both stored as "a?", one unit
    EventBatchParser parser = new EventBatchParser(NOW, false, true);
    String exposure =
        "{\"id\":\"%s\",\"type\":\"exposure\",\"unitId\":\"%s\",\"experiment\":\"hero\","
            + "\"variant\":\"bold\",\"attributes\":{\"device\":\"%s\"}}";
    for (String[] bad :
        new String[][] {
          {"e1", "a\\ud800", "mobile", "events[0].unitId"},
          {"e1", "a\\udfff", "mobile", "events[0].unitId"},
          {"e1", "a\\udfff\\ud800", "mobile", "events[0].unitId"},
          {"e\\ud800", "a", "mobile", "events[0].id"},
          {"e1", "a", "x\\udc00", "events[0].attributes.device"},
          {"e1", "a", "x\\u0000", "events[0].attributes.device"}
        }) {
      InvalidException error = rawError(parser, String.format(exposure, bad[0], bad[1], bad[2]));
      assertTrue(error != null, String.join(" ", bad));
      assertEquals("invalid_text", error.code(), error.getMessage());
      assertEquals(bad[3], error.field());
    }
    assertNull(rawError(parser, String.format(exposure, "e1", "a\\ud83d\\ude00", "mobile")));
  }

  @Test
  void theClientKeyCannotClaimTheIdsTheServerAndItsSdksMake() {
    // issue 17.3: a client-key event with /assign's id made the victim's real exposure a duplicate
    assertRejected(exposure().put("id", "~assign:hero/bold/victim"), "reserved_id", "events[0].id");
    assertRejected(exposure().put("id", "~java:hero/bold/victim"), "reserved_id", "events[0].id");
    ParsedBatch fromServerKey =
        new EventBatchParser(NOW, false, false)
            .parse(
                new JsonObject()
                    .put("events", new JsonArray().add(exposure().put("id", "~java:hero/bold/u")))
                    .toBuffer());
    assertEquals(1, fromServerKey.events().size(), "a server key's SDK makes such ids");
  }

  @Test
  void hugeNumbersAreNotFinite() {
    Buffer body =
        Buffer.buffer(
            "{\"events\":[{\"id\":\"c\",\"type\":\"conversion\",\"unitId\":\"u\",\"metric\":\"m\","
                + "\"value\":1e400}]}");
    ParsedBatch batch = new EventBatchParser(NOW, false, true).parse(body);
    assertEquals("events[0].value", batch.rejected().get(0).error().field());
  }

  /** Finite but huge values made a unit's total, or the sum of squares, overflow in the fold. */
  @Test
  void valuesBeyondATrillionEitherWayAreRefused() {
    for (double huge : new double[] {1e308, -1e308, 1e12 + 1e3, -1.5e12}) {
      assertRejected(conversion().put("value", huge), "invalid_field", "events[0].value");
    }
    for (double fine : new double[] {1e12, -1e12, 0, -3.5, 1e-300}) {
      assertNull(errorOf(conversion().put("value", fine)), String.valueOf(fine));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "2026-11-23T10:04:59Z, false, ",
    "2026-11-23T10:05:01Z, false, timestamp_out_of_range",
    "2026-11-23T10:05:01Z, true, timestamp_out_of_range",
    "2026-11-16T10:00:01Z, false, ",
    "2026-11-16T09:59:59Z, false, timestamp_out_of_range",
    "2020-01-01T00:00:00Z, true, ",
    "2026-11-23T12:00:00+02:00, false, ",
    "2026-11-23 10:00:00, false, invalid_field",
    "yesterday, false, invalid_field",
  })
  void timestampWindow(String timestamp, boolean admin, String code) {
    ParsedBatch batch = parse(admin, conversion().put("timestamp", timestamp));
    if (code == null) {
      assertEquals(0, batch.rejected().size(), batch.rejected().toString());
      assertEquals(
          java.time.OffsetDateTime.parse(timestamp).toInstant(), batch.events().get(0).timestamp());
    } else {
      InvalidException error = batch.rejected().get(0).error();
      assertEquals(code, error.code());
      assertEquals("events[0].timestamp", error.field());
    }
  }

  @Test
  void attributeRules() {
    JsonObject ok =
        new JsonObject().put("device", "mobile").put("visits", 3).put("returning", true);
    assertEquals(ok, parse(false, exposure().put("attributes", ok)).events().get(0).attributes());
    assertRejected(exposure().put("attributes", "mobile"), "invalid_field", "events[0].attributes");
    assertRejected(
        exposure().put("attributes", new JsonObject().put("nested", new JsonObject())),
        "invalid_field",
        "events[0].attributes.nested");
    assertRejected(
        exposure().put("attributes", new JsonObject().put("list", new JsonArray())),
        "invalid_field",
        "events[0].attributes.list");
    assertRejected(
        exposure().put("attributes", new JsonObject().putNull("gone")),
        "invalid_field",
        "events[0].attributes.gone");
    assertRejected(
        exposure().put("attributes", new JsonObject().put("long", "v".repeat(257))),
        "invalid_field",
        "events[0].attributes.long");
    JsonObject many = new JsonObject();
    for (int i = 0; i < 33; i++) {
      many.put("a" + i, i);
    }
    assertRejected(exposure().put("attributes", many), "invalid_field", "events[0].attributes");
  }

  @Test
  void wholeRequestFailures() {
    EventBatchParser parser = new EventBatchParser(NOW, false, true);
    assertEquals(
        "malformed_json",
        assertThrows(InvalidException.class, () -> parser.parse(Buffer.buffer("{\"events\":[{]")))
            .code());
    assertEquals(
        "missing_body",
        assertThrows(InvalidException.class, () -> parser.parse(Buffer.buffer(""))).code());
    assertEquals(
        "invalid_request",
        assertThrows(InvalidException.class, () -> parser.parse(Buffer.buffer("[]"))).code());
    assertEquals(
        "invalid_field",
        assertThrows(InvalidException.class, () -> parser.parse(Buffer.buffer("{}"))).code());
    assertEquals(
        "unknown_field",
        assertThrows(
                InvalidException.class,
                () -> parser.parse(Buffer.buffer("{\"events\":[],\"x\":1}")))
            .code());
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(exposure().put("id", "e" + i));
    }
    InvalidException e =
        assertThrows(
            InvalidException.class,
            () -> parser.parse(new JsonObject().put("events", tooMany).toBuffer()));
    assertEquals("too_many_events", e.code());
    tooMany.remove(0);
    assertEquals(
        1000, parser.parse(new JsonObject().put("events", tooMany).toBuffer()).events().size());
    assertRejectedItem(parser.parse(Buffer.buffer("{\"events\":[42]}")));
  }

  private static void assertRejectedItem(ParsedBatch batch) {
    assertEquals("events[0]", batch.rejected().get(0).error().field());
  }

  private static JsonObject withoutField(JsonObject event, String name) {
    event.remove(name);
    return event;
  }
}
