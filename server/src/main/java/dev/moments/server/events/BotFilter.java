package dev.moments.server.events;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Tells known crawlers by their user agent, from the pattern list of monperrus/crawler-user-agents
 * (a JSON array of objects with a {@code pattern} regular expression, case-sensitive). The server
 * ships a copy ({@code bots/crawler-user-agents.json}); {@code MOMENTS_BOT_PATTERNS} names a newer
 * file in the same format. Verdicts are cached per user agent: a site sees few distinct ones.
 */
public final class BotFilter {
  static final String RESOURCE = "bots/crawler-user-agents.json";
  private static final int CACHED_AGENTS = 10_000;

  /**
   * Longer user agents are judged by their start: a crawler names itself early, and a header of
   * many kilobytes must not cost the matcher more than a real one does.
   */
  static final int MAX_CHECKED_CHARS = 512;

  private final Pattern any;
  private final int patterns;
  private final Cache<String, Boolean> verdicts =
      Caffeine.newBuilder().maximumSize(CACHED_AGENTS).executor(Runnable::run).build();

  private BotFilter(List<String> patterns) {
    this.patterns = patterns.size();
    this.any =
        patterns.isEmpty()
            ? null
            : Pattern.compile(
                String.join("|", patterns.stream().map(p -> "(?:" + p + ")").toList()));
  }

  /** The list shipped with the server. */
  public static BotFilter shipped() {
    try (InputStream in = BotFilter.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the server jar lacks " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A replacement list, in the format of crawler-user-agents.json. */
  public static BotFilter fromFile(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the bot pattern file " + file + ": " + e, e);
    }
  }

  static BotFilter parse(String json, String source) {
    JsonArray entries;
    try {
      entries = new JsonArray(json);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          source + " is not a JSON array like crawler-user-agents.json: " + e.getMessage(), e);
    }
    List<String> patterns = new ArrayList<>(entries.size());
    for (int i = 0; i < entries.size(); i++) {
      Object entry = entries.getValue(i);
      String pattern =
          entry instanceof JsonObject o && o.getValue("pattern") instanceof String p ? p : null;
      if (pattern == null || pattern.isEmpty()) {
        throw new IllegalArgumentException(source + "[" + i + "] has no \"pattern\" string");
      }
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            source
                + "["
                + i
                + "].pattern "
                + pattern
                + " is not a regular expression: "
                + e.getDescription(),
            e);
      }
      patterns.add(pattern);
    }
    return new BotFilter(patterns);
  }

  /** Whether this user agent is a known crawler's; no user agent is not a crawler. */
  public boolean isBot(String userAgent) {
    if (userAgent == null || userAgent.isEmpty() || any == null) {
      return false;
    }
    String checked =
        userAgent.length() > MAX_CHECKED_CHARS
            ? userAgent.substring(0, MAX_CHECKED_CHARS)
            : userAgent;
    return verdicts.get(checked, ua -> any.matcher(ua).find());
  }

  /** How many patterns the list holds. */
  public int size() {
    return patterns;
  }
}
