package dev.moments.server.webhooks;

import dev.moments.server.domain.InvalidException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A subscriber: where to POST, which events, the secret that signs each body, and the body's shape
 * ({@code json}, or {@code slack}: {@code {"text": ...}} for a Slack incoming webhook).
 *
 * @param id null until stored
 * @param createdAt null until stored
 */
public record Webhook(
    Long id, URI url, Set<EventType> events, String secret, Format format, Instant createdAt) {
  static final int MIN_SECRET_LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The body a webhook receives. */
  public enum Format {
    JSON,
    SLACK;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Format fromWire(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  public Webhook {
    events = Set.copyOf(events);
  }

  /**
   * A new subscription from a request, its URL and secret checked; without a secret one is
   * generated (the response shows it once).
   */
  public static Webhook create(String url, List<String> events, String secret, String format) {
    URI uri = checkUrl(url);
    EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
    for (int i = 0; i < events.size(); i++) {
      try {
        types.add(EventType.fromWire(events.get(i)));
      } catch (IllegalArgumentException e) {
        throw InvalidException.field(
            "events[" + i + "]",
            "'" + events.get(i) + "' is not an event; use " + String.join(", ", EventType.wires()));
      }
    }
    if (types.isEmpty()) {
      throw InvalidException.field("events", "Subscribe to at least one event.");
    }
    if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
      throw InvalidException.field(
          "secret", "A secret needs at least " + MIN_SECRET_LENGTH + " characters.");
    }
    return new Webhook(
        null,
        uri,
        types,
        secret == null ? generateSecret() : secret,
        format == null ? Format.JSON : Format.fromWire(format),
        null);
  }

  /**
   * http or https, a host, no user and password in the URL (it would be logged and shown in the
   * dashboard; put them in the secret's place or the path instead).
   */
  static URI checkUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw InvalidException.field("url", "url is not a URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw InvalidException.field("url", "url must start with https:// (or http://).");
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw InvalidException.field("url", "url has no host.");
    }
    if (uri.getUserInfo() != null) {
      throw InvalidException.field(
          "url", "url must not carry a user or password; every delivery is signed instead.");
    }
    return uri;
  }

  private static String generateSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The last four characters of a secret, to tell secrets apart without showing them. */
  public static String hint(String secret) {
    return "…" + secret.substring(Math.max(0, secret.length() - 4));
  }
}
