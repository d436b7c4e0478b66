package dev.moments.server.http;

import dev.moments.sdk.Assigner;
import dev.moments.sdk.Assignment;
import dev.moments.sdk.HoldoutGroup;
import dev.moments.server.assignment.SdkConfig;
import dev.moments.server.rollup.RollupReader;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ad path's memory on /assign and /r: a unit that came through an ad click keeps that ad
 * variant on later visits, answered from the standing the fold recorded (one read, and only for
 * moments with a running ad experiment).
 */
final class RememberedAds {
  private final RollupReader rollups;

  RememberedAds(RollupReader rollups) {
    this.rollups = rollups;
  }

  /**
   * Replaces the answer of every moment with a running ad experiment, where this request is not
   * itself a force or an ad click, by the ad variant the unit came through earlier (if it did).
   * Nothing is logged for such an answer: the unit's standing already holds it. Moments without an
   * ad experiment cost no database round trip.
   */
  Future<Answer> apply(
      SdkConfig config, String unitId, List<Assignment> assignments, List<String> moments) {
    Map<String, Assignment> byMoment = new HashMap<>();
    assignments.forEach(a -> byMoment.put(a.moment(), a));
    Map<String, String> momentOf = new HashMap<>();
    for (String moment : moments == null ? config.assignment().moments() : moments) {
      Assignment a = byMoment.get(moment);
      if ((a == null && !heldOut(config, moment, unitId))
          || (a != null && !(a.forced() || a.ad()))) {
        config.runningAdExperiments(moment).forEach(e -> momentOf.put(e, moment));
      }
    }
    if (momentOf.isEmpty()) {
      return Future.succeededFuture(new Answer(assignments, Set.of()));
    }
    return rollups
        .adStandings(unitId, List.copyOf(momentOf.keySet()))
        .map(
            standings -> {
              if (standings.isEmpty()) {
                return new Answer(assignments, Set.of());
              }
              Set<String> remembered = new HashSet<>();
              for (String moment : new HashSet<>(momentOf.values())) {
                // two ad experiments of one moment both clicked through: the first in config order
                for (String experiment : config.runningAdExperiments(moment)) {
                  String variant = standings.get(experiment);
                  if (variant != null && remembered.add(moment)) {
                    byMoment.put(
                        moment,
                        new Assignment(moment, experiment, variant, null, false, false, true));
                  }
                }
              }
              List<Assignment> answered = new ArrayList<>();
              for (String moment : config.assignment().moments()) {
                if (byMoment.containsKey(moment)) {
                  answered.add(byMoment.get(moment));
                }
              }
              return new Answer(answered, remembered);
            });
  }

  /** Whether the unit is in a holdout covering the moment: it remembers no ad click there. */
  private static boolean heldOut(SdkConfig config, String moment, String unitId) {
    return Assigner.holdouts(config.assignment(), moment, unitId).stream()
        .anyMatch(HoldoutGroup::held);
  }

  /**
   * The assignments answered, and the moments whose answer is a remembered ad click (its exposure
   * is not new, so none is logged).
   */
  record Answer(List<Assignment> assignments, Set<String> remembered) {}
}
