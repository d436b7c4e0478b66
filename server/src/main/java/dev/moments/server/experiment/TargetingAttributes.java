package dev.moments.server.experiment;

import dev.moments.server.domain.Typos;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The attributes visitors are known to carry: the built-in ones and the names this process saw in
 * {@code /assign} and {@code /events} requests in the last 7 days. Targeting on any other attribute
 * is accepted (an SDK may send it later) but earns a warning, since it is usually a typo ({@code
 * contry}) that would quietly target nobody.
 *
 * <p>Cheap by design: a bounded map of names to when they were last seen, in memory. A request
 * costs one map lookup per attribute; a name is written when new or an hour stale. A flood of
 * invented names (the client key is public) fills at most {@link #MAX_SEEN} entries, after which
 * new names are not remembered until old ones expire: the worst an attacker gets is a spurious
 * warning. Each server process knows only what it saw, and nothing after a restart.
 */
public final class TargetingAttributes {
  /**
   * The report's segment attributes, what the JS SDK records at a first visit (UTM, referrer,
   * {@code paid} for a click id) and the ad path's ({@code ad}, {@code sig}, {@code force}).
   */
  public static final Set<String> BUILT_IN =
      Set.of(
          "device",
          "channel",
          "country",
          "intent",
          "returning",
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_content",
          "referrer_host",
          "paid",
          "ad",
          "sig",
          "force");

  static final String UNKNOWN_ATTRIBUTE = "unknown_attribute";
  static final int MAX_SEEN = 512;
  static final Duration WINDOW = Duration.ofDays(7);
  private static final Duration REFRESH = Duration.ofHours(1);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private final Map<String, Instant> seen = new ConcurrentHashMap<>();

  /** Remembers attribute names a request carried. Never throws: it runs on the hot path. */
  public void record(Iterable<String> names, Instant now) {
    for (String name : names) {
      Instant last = seen.get(name);
      if (last != null && last.isAfter(now.minus(REFRESH))) {
        continue;
      }
      if (BUILT_IN.contains(name) || !NAME.matcher(name).matches()) {
        continue;
      }
      if (last == null && seen.size() >= MAX_SEEN) {
        Instant cutoff = now.minus(WINDOW);
        seen.values().removeIf(at -> at.isBefore(cutoff));
        if (seen.size() >= MAX_SEEN) {
          continue;
        }
      }
      seen.put(name, now);
    }
  }

  /** The attributes a targeting tree names that are neither built in nor seen in the window. */
  public Set<String> unknownIn(JsonObject targeting, Instant now) {
    Set<String> named = new TreeSet<>();
    collect(targeting, named);
    Set<String> known = known(now);
    named.removeAll(known);
    return named;
  }

  /** One {@code unknown_attribute} warning per unknown attribute, for responses and the report. */
  public JsonArray warnings(JsonObject targeting, Instant now) {
    JsonArray warnings = new JsonArray();
    Set<String> unknown = unknownIn(targeting, now);
    if (unknown.isEmpty()) {
      return warnings;
    }
    Set<String> known = known(now);
    for (String attribute : unknown) {
      String suggestion = Typos.closest(attribute, known);
      warnings.add(
          new JsonObject()
              .put("code", UNKNOWN_ATTRIBUTE)
              .put("attribute", attribute)
              .put("suggestion", suggestion)
              .put(
                  "message",
                  String.format(
                      Locale.ROOT,
                      "Targeting uses `%s`, an attribute no SDK sends (not built in, and no"
                          + " request carried it in the last %d days)%s. Visitors without it are"
                          + " treated as not having it.",
                      attribute,
                      WINDOW.toDays(),
                      suggestion == null ? "" : "; did you mean `" + suggestion + "`?")));
    }
    return warnings;
  }

  private Set<String> known(Instant now) {
    Instant cutoff = now.minus(WINDOW);
    Set<String> known = new TreeSet<>(BUILT_IN);
    seen.forEach(
        (name, at) -> {
          if (!at.isBefore(cutoff)) {
            known.add(name);
          }
        });
    return known;
  }

  /** Walks {all}, {any}, {not} and conditions; anything else was refused by the parser already. */
  private static void collect(Object node, Set<String> into) {
    if (node instanceof JsonObject o) {
      if (o.getValue("attribute") instanceof String attribute) {
        into.add(attribute);
      }
      for (String group : new String[] {"all", "any"}) {
        if (o.getValue(group) instanceof JsonArray items) {
          items.forEach(item -> collect(item, into));
        }
      }
      collect(o.getValue("not"), into);
    }
  }
}
