package dev.moments.server.events;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.Text;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a {@code POST /events} body into valid events and per-index rejections. Only a body that is
 * not a batch at all (bad JSON, no {@code events} array, too many events) fails the whole request.
 */
public final class EventBatchParser {
  public static final int MAX_EVENTS = 1000;
  static final int MAX_ID_CHARS = 128;
  static final int MAX_UNIT_CODE_POINTS = 256;
  static final int MAX_ATTRIBUTES = 32;
  static final int MAX_ATTRIBUTE_KEY_CHARS = 64;

  /**
   * The longest attribute value (characters), for events and for /assign alike: a first exposure's
   * segment attributes become a key of the rollups' primary-key index, which holds 2,704 bytes.
   */
  public static final int MAX_ATTRIBUTE_VALUE_CHARS = 256;

  static final Duration MAX_FUTURE = Duration.ofMinutes(5);

  /**
   * The largest value a conversion may carry, either way: far above any real amount, and far enough
   * below the double's range that a unit's total, and the squares the statistics add up, stay
   * finite (two conversions of 1e308 from a client key made the control's sum infinite, and its
   * mean vanished from the report).
   */
  static final double MAX_VALUE = 1e12;

  static final Duration MAX_AGE = Duration.ofDays(7);
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "type",
          "unitId",
          "experiment",
          "variant",
          "metric",
          "value",
          "timestamp",
          "attributes",
          "forced",
          "source");

  /**
   * Ids the server and its SDKs make (/assign's {@code ~assign:}, the Java SDK's {@code ~java:}):
   * deterministic, so a client key must not be able to claim one before its real event arrives.
   */
  public static final String RESERVED_ID_PREFIX = "~";

  /** The valid events in request order, and the rejected ones by their index in the request. */
  public record ParsedBatch(List<Event> events, List<Rejected> rejected) {}

  /** One event refused on its own: its index in the request and why. */
  public record Rejected(int index, InvalidException error) {}

  private final Instant now;
  private final boolean mayBackfill;
  private final boolean reservedIdsRefused;

  /**
   * @param now the server time, for events without a timestamp and for the accepted time window
   * @param mayBackfill an admin caller may send events of any age
   * @param reservedIdsRefused a client-key caller may not use ids starting with {@value
   *     #RESERVED_ID_PREFIX}
   */
  public EventBatchParser(Instant now, boolean mayBackfill, boolean reservedIdsRefused) {
    this.now = now;
    this.mayBackfill = mayBackfill;
    this.reservedIdsRefused = reservedIdsRefused;
  }

  public ParsedBatch parse(Buffer body) {
    JsonArray items = eventsArray(body);
    List<Event> events = new ArrayList<>(items.size());
    List<Rejected> rejected = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      try {
        events.add(parseEvent(items.getValue(i), "events[" + i + "]"));
      } catch (InvalidException e) {
        rejected.add(new Rejected(i, e));
      }
    }
    return new ParsedBatch(events, rejected);
  }

  private static JsonArray eventsArray(Buffer body) {
    if (body == null || body.length() == 0) {
      throw new InvalidException(
          "missing_body", "The request needs a body like {\"events\":[...]}.", null);
    }
    Object decoded;
    try {
      decoded = Json.decodeValue(body);
    } catch (DecodeException e) {
      throw new InvalidException("malformed_json", "The request body is not valid JSON.", null);
    }
    if (!(decoded instanceof JsonObject root)) {
      throw new InvalidException(
          "invalid_request", "The body must be a JSON object like {\"events\":[...]}.", null);
    }
    for (String name : root.fieldNames()) {
      if (!name.equals("events")) {
        throw new InvalidException("unknown_field", "Unknown field '" + name + "'.", name);
      }
    }
    if (!(root.getValue("events") instanceof JsonArray items)) {
      throw new InvalidException("invalid_field", "'events' must be an array of events.", "events");
    }
    if (items.size() > MAX_EVENTS) {
      throw new InvalidException(
          "too_many_events",
          "A request may carry at most "
              + MAX_EVENTS
              + " events; this one has "
              + items.size()
              + ".",
          "events");
    }
    return items;
  }

  private Event parseEvent(Object item, String path) {
    if (!(item instanceof JsonObject json)) {
      throw new InvalidException("invalid_field", "An event must be a JSON object.", path);
    }
    Text.check(json, path);
    for (String name : json.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new InvalidException(
            "unknown_field", "Unknown field '" + name + "'.", path + "." + name);
      }
    }
    String id = EventFields.requiredString(json, "id", path);
    if (id.length() > MAX_ID_CHARS) {
      throw EventFields.invalid(path, "id", "must be 1 to " + MAX_ID_CHARS + " characters");
    }
    if (reservedIdsRefused && id.startsWith(RESERVED_ID_PREFIX)) {
      throw new InvalidException(
          "reserved_id",
          "Ids starting with '"
              + RESERVED_ID_PREFIX
              + "' are reserved for events the server and its SDKs make.",
          path + ".id");
    }
    EventType type = EventType.fromWire(EventFields.requiredString(json, "type", path));
    if (type == null) {
      throw EventFields.invalid(path, "type", "must be 'exposure' or 'conversion'");
    }
    String unitId = EventFields.requiredString(json, "unitId", path);
    if (unitId.codePointCount(0, unitId.length()) > MAX_UNIT_CODE_POINTS) {
      throw EventFields.invalid(
          path, "unitId", "must be 1 to " + MAX_UNIT_CODE_POINTS + " characters");
    }
    String experiment = EventFields.key(json, "experiment", path, type == EventType.EXPOSURE);
    String variant = EventFields.key(json, "variant", path, type == EventType.EXPOSURE);
    String metric = EventFields.key(json, "metric", path, type == EventType.CONVERSION);
    double value = EventFields.value(json, path);
    Instant timestamp = timestamp(json, path);
    boolean forced = EventFields.forced(json, path);
    JsonObject attributes = EventFields.attributes(json, path);
    String source = EventFields.source(json, path, type);
    if (type == EventType.CONVERSION) {
      return new Event(id, type, unitId, null, null, metric, value, timestamp, forced, attributes);
    }
    if (Event.HOLDOUT.equals(source)) {
      if (!Event.IN_HOLDOUT.equals(variant) && !Event.EXPOSED.equals(variant)) {
        throw EventFields.invalid(
            path, "variant", "of a holdout exposure must be 'holdout' or 'exposed'");
      }
      if (forced) {
        throw EventFields.invalid(path, "forced", "must be false for a holdout exposure");
      }
      return Event.exposure(id, unitId, experiment, variant, timestamp, false, attributes)
          .asHoldout();
    }
    Event exposure = Event.exposure(id, unitId, experiment, variant, timestamp, forced, attributes);
    return Event.AD.equals(source) ? exposure.asAd() : exposure;
  }

  private Instant timestamp(JsonObject json, String path) {
    Object v = json.getValue("timestamp");
    if (v == null) {
      return now;
    }
    Instant ts;
    try {
      ts = IsoInstants.parse((String) v);
    } catch (ClassCastException | DateTimeParseException e) {
      throw EventFields.invalid(
          path,
          "timestamp",
          "must be an ISO-8601 date-time with an offset, like 2026-11-23T10:00:00Z");
    }
    if (ts.isAfter(now.plus(MAX_FUTURE))) {
      throw new InvalidException(
          "timestamp_out_of_range",
          "'timestamp' is more than 5 minutes in the future.",
          path + ".timestamp");
    }
    if (!mayBackfill && ts.isBefore(now.minus(MAX_AGE))) {
      throw new InvalidException(
          "timestamp_out_of_range",
          "'timestamp' is more than 7 days old; only the admin key may backfill.",
          path + ".timestamp");
    }
    return ts;
  }
}
