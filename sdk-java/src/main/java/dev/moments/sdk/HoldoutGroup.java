package dev.moments.sdk;

/**
 * Which side of a holdout a unit is on, for the holdout exposure a client logs when the unit
 * reaches one of its moments: {@code {"experiment": holdout, "variant": variant(), "source":
 * "holdout"}}.
 *
 * @param held true when the unit is in the holdout (it gets no assignment in the holdout's moments)
 */
public record HoldoutGroup(String holdout, boolean held) {
  /** The exposure's variant: "holdout" for a member, "exposed" for everyone else. */
  public String variant() {
    return held ? "holdout" : "exposed";
  }
}
