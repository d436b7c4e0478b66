package dev.moments.server.experiment;

import java.time.Instant;
import java.util.Objects;

/**
 * A moment of the customer journey that experiments attach to, such as {@code fmot.landing-hero}.
 *
 * @param description nullable
 * @param createdAt null until stored
 * @param updatedAt null until stored
 */
public record Moment(
    String key,
    Stage stage,
    String name,
    String description,
    Instant createdAt,
    Instant updatedAt) {

  public Moment {
    Objects.requireNonNull(key, "moment key");
    Objects.requireNonNull(stage, "stage of moment " + key);
  }

  /** A moment not stored yet. */
  public static Moment draft(String key, Stage stage, String name, String description) {
    return new Moment(key, stage, name, description, null, null);
  }

  /**
   * A change to a moment, as {@code PATCH} sends it: null stage or name keep theirs, and the
   * description changes only when {@code setsDescription} (it may become null).
   */
  public record Patch(Stage stage, String name, boolean setsDescription, String description) {

    public Moment applyTo(Moment m) {
      return new Moment(
          m.key(),
          stage != null ? stage : m.stage(),
          name != null ? name : m.name(),
          setsDescription ? description : m.description(),
          m.createdAt(),
          m.updatedAt());
    }
  }
}
