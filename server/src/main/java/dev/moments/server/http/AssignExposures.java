package dev.moments.server.http;

import dev.moments.sdk.Assigner;
import dev.moments.sdk.Assignment;
import dev.moments.sdk.HoldoutGroup;
import dev.moments.server.assignment.SdkConfig;
import dev.moments.server.auth.Caller;
import dev.moments.server.events.Admission;
import dev.moments.server.events.Event;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exposures an /assign request logs for the moments it names: one per assignment (none for a
 * rollout or a remembered ad click) and one per holdout covering those moments, each with its
 * deterministic id (server/README.md, Reserved ids), after {@link Admission} marked what must not
 * count: such an exposure gets an id of its own, so it can never take the place of the unit's real
 * one.
 */
final class AssignExposures {
  private static final String ID_PREFIX = "~assign:";
  private final Admission admission;
  private final Clock clock;

  AssignExposures(Admission admission, Clock clock) {
    this.admission = admission;
    this.clock = clock;
  }

  List<Event> of(
      SdkConfig config,
      RememberedAds.Answer answer,
      String unitId,
      List<String> moments,
      JsonObject attributes,
      Caller caller,
      String userAgent) {
    return counted(
        answer,
        holdouts(config, answer, unitId, moments, attributes),
        unitId,
        attributes,
        caller,
        userAgent);
  }

  /**
   * The holdout exposures of the named moments (spec/README.md, "Holdouts"): for each holdout
   * covering one, once, the unit's side of it; none for a moment a force decided (a QA preview).
   */
  private List<Event> holdouts(
      SdkConfig config,
      RememberedAds.Answer answer,
      String unitId,
      List<String> moments,
      JsonObject attributes) {
    if (config.assignment().holdouts().isEmpty()) {
      return List.of();
    }
    Set<String> forced = new HashSet<>();
    answer.assignments().stream().filter(Assignment::forced).forEach(a -> forced.add(a.moment()));
    Map<String, Event> byHoldout = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (String moment : moments) {
      if (forced.contains(moment)) {
        continue;
      }
      for (HoldoutGroup side : Assigner.holdouts(config.assignment(), moment, unitId)) {
        byHoldout.computeIfAbsent(
            side.holdout(),
            h ->
                Event.exposure(
                        ID_PREFIX + "holdout:" + h + "/" + side.variant() + "/" + unitId,
                        unitId,
                        h,
                        side.variant(),
                        now,
                        false,
                        attributes)
                    .asHoldout());
      }
    }
    return List.copyOf(byHoldout.values());
  }

  private List<Event> counted(
      RememberedAds.Answer answer,
      List<Event> holdouts,
      String unitId,
      JsonObject attributes,
      Caller caller,
      String userAgent) {
    List<Event> events = new ArrayList<>(answer.assignments().size() + holdouts.size());
    events.addAll(holdouts);
    Instant now = clock.instant();
    for (Assignment a : answer.assignments()) {
      if (a.rollout() || answer.remembered().contains(a.moment())) {
        continue;
      }
      Event exposure =
          Event.exposure(
              idOf(a, unitId), unitId, a.experiment(), a.variant(), now, a.forced(), attributes);
      events.add(a.ad() ? exposure.asAd() : exposure);
    }
    List<Event> admitted = admission.admit(events, caller.kind(), userAgent, now);
    List<Event> stored = new ArrayList<>(admitted.size());
    for (Event e : admitted) {
      stored.add(e.excluded() == null ? e : e.withId(e.id() + "!" + e.excluded().wire()));
    }
    return stored;
  }

  private static String idOf(Assignment a, String unitId) {
    String kind = a.forced() ? "forced:" : a.ad() ? "ad:" : "";
    return ID_PREFIX + kind + a.experiment() + "/" + a.variant() + "/" + unitId;
  }
}
