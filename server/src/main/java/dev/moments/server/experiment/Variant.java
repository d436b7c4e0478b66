package dev.moments.server.experiment;

import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Objects;

/**
 * One arm of an experiment: its key, traffic weight (any positive scale; shares are weight /
 * total), what it is, and the payload the website or service renders. The payload is opaque JSON
 * that SDKs pass through untouched; it is copied here and never changed afterwards.
 *
 * @param name a person's name for the variant, or null
 * @param url a landing page variant's own page (split-URL test), or null: absolute http(s), or a
 *     path relative to the page (only the JS SDK can follow those)
 */
public record Variant(
    String key, String name, double weight, Kind kind, JsonObject payload, String url) {

  /** What a variant is: a landing page, an ad, or anything else. */
  public enum Kind {
    LANDING_PAGE,
    AD,
    GENERIC;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind fromWire(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  public Variant {
    Objects.requireNonNull(key, "variant key");
    kind = kind == null ? Kind.GENERIC : kind;
    payload = payload == null ? new JsonObject() : payload.copy();
  }

  public Variant(String key, String name, double weight, Kind kind, JsonObject payload) {
    this(key, name, weight, kind, payload, null);
  }

  /** A generic variant with an empty payload. */
  public static Variant of(String key, double weight) {
    return new Variant(key, null, weight, Kind.GENERIC, null);
  }

  public Variant withKind(Kind kind) {
    return new Variant(key, name, weight, kind, payload, url);
  }

  public Variant withWeight(double weight) {
    return new Variant(key, name, weight, kind, payload, url);
  }

  public Variant withPayload(JsonObject payload) {
    return new Variant(key, name, weight, kind, payload, url);
  }
}
