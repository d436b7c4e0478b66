package dev.moments.server.rollup;

import dev.moments.server.events.Event;
import dev.moments.server.events.Exclusion;

/**
 * Whether an event counts in an experiment, the same for the full recount ({@link Attribution}) and
 * the incremental fold ({@link UnitState}). Pure: the experiment's facts and the event decide.
 */
final class Verdicts {
  private Verdicts() {}

  /**
   * Why this exposure does not count in its experiment, or null when it does. In this order: what
   * the request said (stored at ingestion), the running periods (an experiment that does not exist
   * has none: before its start), then the variant: one of the experiment's, and for an exposure
   * neither forced nor from an ad click the one the unit's hash gives (with the weights of now or,
   * for a sticky experiment, of before a change); an ad click only on an ad experiment. A holdout
   * exposure counts only in a holdout, on the side the unit's holdout hash gives.
   */
  static Exclusion exposure(StoredEvent s, ExperimentFacts facts) {
    Event e = s.event();
    if (e.excluded() != null) {
      return e.excluded();
    }
    if (facts == null) {
      return Exclusion.BEFORE_START;
    }
    if (e.isHoldout() != facts.isHoldout()) {
      // a holdout exposure naming an experiment, or an exposure naming a holdout
      return Exclusion.IMPLAUSIBLE_VARIANT;
    }
    Exclusion outside = facts.outsideRunning(s.effectiveAt());
    if (outside != null) {
      return outside;
    }
    if (!facts.hasVariant(e.variant())) {
      return Exclusion.IMPLAUSIBLE_VARIANT;
    }
    if (e.forced()) {
      return null;
    }
    if (e.isAd()) {
      return facts.isAdExperiment() ? null : Exclusion.IMPLAUSIBLE_VARIANT;
    }
    return facts.hashGives(e.unitId(), e.variant(), s.effectiveAt())
        ? null
        : Exclusion.IMPLAUSIBLE_VARIANT;
  }

  /**
   * An excluded exposure that is only a repeat of the unit's standing changes nothing and is not
   * counted as excluded either: an ad click remembered by the page, re-sent on a later visit
   * without its signature; or a sticky unit's later exposure in the variant it was first counted
   * in, which the weights of later need not give it (its first exposure was checked against the
   * weights of then). For an experiment whose weights never changed the hash gives a counted,
   * unforced unit the same variant every time, so this never hides an implausible exposure there.
   */
  static boolean isRepeat(Exclusion reason, StoredEvent s, UnitState.Standing standing) {
    if (standing == null || !standing.variant.equals(s.event().variant())) {
      return false;
    }
    return reason == Exclusion.UNSIGNED_AD
        || (reason == Exclusion.IMPLAUSIBLE_VARIANT && !standing.forced);
  }

  /**
   * Why this conversion of a unit counted in the experiment (and dated at or after its first
   * exposure) is not credited, or null when it is: what the request said, or a date outside the
   * running periods.
   */
  static Exclusion conversion(StoredEvent s, ExperimentFacts facts) {
    if (s.event().excluded() != null) {
      return s.event().excluded();
    }
    return facts == null ? Exclusion.BEFORE_START : facts.outsideRunning(s.effectiveAt());
  }
}
