package dev.moments.sdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes POST /api/v1/events bodies. A few dozen lines of writer instead of a JSON library keep the
 * SDK free of dependencies that could clash with the host application's own versions.
 */
final class EventJson {
  static final int MAX_ID = 128;
  private static final String EXPOSURE_PREFIX = "~java:";

  private EventJson() {}

  /** {"events":[...]} for the given events; conversion ids are idPrefix + sequence. */
  static String batch(List<QueuedEvent> events, String idPrefix) {
    StringBuilder out = new StringBuilder(64 + events.size() * 200);
    out.append("{\"events\":[");
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      event(out, events.get(i), idPrefix);
    }
    return out.append("]}").toString();
  }

  private static void event(StringBuilder out, QueuedEvent e, String idPrefix) {
    out.append("{\"id\":");
    string(out, e.exposure() ? exposureId(e) : idPrefix + Long.toString(e.sequence(), 36));
    if (e.exposure()) {
      out.append(",\"type\":\"exposure\",\"unitId\":");
      string(out, e.unitId());
      out.append(",\"experiment\":");
      string(out, e.experiment());
      out.append(",\"variant\":");
      string(out, e.variant());
      out.append(",\"forced\":").append(e.forced());
      if (e.source() != null) {
        out.append(",\"source\":\"").append(e.source()).append('"');
      }
    } else {
      out.append(",\"type\":\"conversion\",\"unitId\":");
      string(out, e.unitId());
      out.append(",\"metric\":");
      string(out, e.metric());
      out.append(",\"value\":").append(e.value());
    }
    out.append(",\"timestamp\":\"").append(Instant.ofEpochMilli(e.epochMillis())).append('"');
    if (e.attributes() != null) {
      attributes(out, e.attributes());
    }
    out.append('}');
  }

  /**
   * The same exposure always gets the same id ({@code ~java:[forced:|ad:|holdout:]<experiment or
   * holdout>/<variant>/<unitId>}), so a resend (or a second process) stores nothing new; ids longer
   * than the server's 128 characters are replaced by a digest of themselves.
   */
  static String exposureId(QueuedEvent e) {
    String id =
        EXPOSURE_PREFIX
            + (e.forced() ? "forced:" : e.source() != null ? e.source() + ":" : "")
            + e.experiment()
            + "/"
            + e.variant()
            + "/"
            + e.unitId();
    return id.length() <= MAX_ID ? id : EXPOSURE_PREFIX + "#" + sha256(id);
  }

  private static void attributes(StringBuilder out, Object[] pairs) {
    out.append(",\"attributes\":{");
    for (int i = 0; i < pairs.length; i += 2) {
      if (i > 0) {
        out.append(',');
      }
      string(out, (String) pairs[i]);
      out.append(':');
      Object value = pairs[i + 1];
      if (value instanceof String s) {
        string(out, s);
      } else {
        out.append(value); // a finite Number or a Boolean, checked when queued
      }
    }
    out.append('}');
  }

  /**
   * A JSON string; control characters and lone surrogates are escaped so the body stays valid
   * UTF-8.
   */
  static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else if (Character.isSurrogate(c) && !isPaired(s, i)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static boolean isPaired(String s, int i) {
    char c = s.charAt(i);
    return Character.isHighSurrogate(c)
        ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  private static String sha256(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
