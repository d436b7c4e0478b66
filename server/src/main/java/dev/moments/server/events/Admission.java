package dev.moments.server.events;

import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.LinkSignatures;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the request itself says about its events, decided once at ingestion and stored with each
 * event ({@link Event#excluded()}), because the fold cannot recompute it later. Server and admin
 * keys belong to trusted back ends and are taken at their word. The public client key is not:
 *
 * <ul>
 *   <li>a known crawler's user agent: {@link Exclusion#BOT};
 *   <li>more than {@value #MAX_CLIENT_UNITS_PER_REQUEST} units in one request (a page speaks for
 *       its visitor, perhaps also a signed-in id): {@link Exclusion#MANY_UNITS};
 *   <li>a forced exposure, or one from an ad click, without a valid link signature in its {@code
 *       sig} attribute: {@link Exclusion#UNSIGNED_FORCE}, {@link Exclusion#UNSIGNED_AD}. Such an
 *       exposure never takes a real unit out of the statistics or into another variant.
 * </ul>
 */
public final class Admission {
  public static final int MAX_CLIENT_UNITS_PER_REQUEST = 4;

  /** The attribute that carries link signatures ({@code moments_sig}), comma separated. */
  public static final String SIG_ATTRIBUTE = "sig";

  private final LinkSignatures signatures;
  private final BotFilter bots;

  public Admission(LinkSignatures signatures, BotFilter bots) {
    this.signatures = signatures;
    this.bots = bots;
  }

  /**
   * The events as they are stored: each marked with the reason this request makes it not count, if
   * any.
   */
  public List<Event> admit(List<Event> events, KeyKind key, String userAgent, Instant now) {
    if (key != KeyKind.CLIENT || events.isEmpty()) {
      return events;
    }
    Exclusion all =
        bots.isBot(userAgent) ? Exclusion.BOT : manyUnits(events) ? Exclusion.MANY_UNITS : null;
    List<Event> admitted = new ArrayList<>(events.size());
    for (Event e : events) {
      Exclusion reason = all != null ? all : unsigned(e, now);
      admitted.add(reason == null ? e : e.excludedBecause(reason));
    }
    return admitted;
  }

  private static boolean manyUnits(List<Event> events) {
    Set<String> units = new HashSet<>();
    for (Event e : events) {
      if (units.add(e.unitId()) && units.size() > MAX_CLIENT_UNITS_PER_REQUEST) {
        return true;
      }
    }
    return false;
  }

  /** A forced or ad exposure whose link signature is missing, wrong or expired. */
  private Exclusion unsigned(Event e, Instant now) {
    if (!e.isExposure() || !(e.forced() || e.isAd())) {
      return null;
    }
    LinkSignatures.Kind kind = e.forced() ? LinkSignatures.Kind.FORCE : LinkSignatures.Kind.AD;
    JsonObject attributes = e.attributes();
    String sig =
        attributes != null && attributes.getValue(SIG_ATTRIBUTE) instanceof String s ? s : null;
    if (signatures.verifies(sig, kind, e.experiment(), e.variant(), now)) {
      return null;
    }
    return e.forced() ? Exclusion.UNSIGNED_FORCE : Exclusion.UNSIGNED_AD;
  }
}
