package dev.moments.server.experiment;

import dev.moments.server.config.BanditJobs;
import dev.moments.server.domain.InvalidException;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * How an experiment splits its traffic: {@code {"type":"fixed"}} (the variants' weights as set) or
 * {@code {"type":"bandit","updateEvery":"PT1H","minShare":0.05,"burnInUnits":1000}}, whose weights
 * the server recomputes by Thompson sampling every {@code updateEvery} once {@code burnInUnits}
 * units were counted with equal weights, never giving an arm less than {@code minShare}. Carried by
 * {@link Experiment#allocation()}, stored in the experiments table's {@code allocation} column and
 * served (informational) in /sdk/config; a bandit is sticky.
 *
 * @param updateEvery null for a fixed allocation
 */
public record Allocation(Type type, Duration updateEvery, double minShare, long burnInUnits) {

  public enum Type {
    FIXED,
    BANDIT
  }

  public static final Allocation FIXED = new Allocation(Type.FIXED, null, 0, 0);

  /** The floor under which updates may not come, unless a test lowers it. */
  public static final Duration MIN_UPDATE_EVERY = BanditJobs.MIN_UPDATE_EVERY;

  /**
   * No bandit waits longer between updates: a larger duration (ISO-8601 takes any) would never
   * update, and past ~10^14 days it overflows the updater's instant arithmetic on every round.
   */
  public static final Duration MAX_UPDATE_EVERY = Duration.ofDays(365);

  public boolean isBandit() {
    return type == Type.BANDIT;
  }

  /**
   * The {@code allocation} of a create body for an experiment of {@code arms} variants, checked:
   * null or absent is fixed; a bandit's {@code updateEvery} is an ISO-8601 duration of at least
   * {@code minUpdateEvery}, {@code minShare} × arms at most 1, {@code burnInUnits} at least 0.
   */
  public static Allocation parse(JsonObject json, int arms, Duration minUpdateEvery) {
    if (json == null) {
      return FIXED;
    }
    Object type = json.getValue("type");
    if ("fixed".equals(type)) {
      return FIXED;
    }
    if (!"bandit".equals(type)) {
      throw InvalidException.field(
          "allocation.type", "allocation.type must be 'fixed' or 'bandit'; got '" + type + "'.");
    }
    Duration every = updateEvery(json.getValue("updateEvery", "PT1H"));
    if (every.compareTo(MAX_UPDATE_EVERY) > 0) {
      throw InvalidException.field(
          "allocation.updateEvery",
          "allocation.updateEvery must be at most "
              + iso(MAX_UPDATE_EVERY)
              + "; got "
              + iso(every)
              + ".");
    }
    if (every.compareTo(minUpdateEvery) < 0) {
      throw InvalidException.field(
          "allocation.updateEvery",
          "allocation.updateEvery must be at least "
              + iso(minUpdateEvery)
              + "; got "
              + iso(every)
              + ".");
    }
    double minShare = number(json.getValue("minShare", 0.05), "allocation.minShare");
    checkShares(minShare, arms);
    double burnIn = number(json.getValue("burnInUnits", 1000), "allocation.burnInUnits");
    if (!(burnIn >= 0) || burnIn != Math.rint(burnIn) || burnIn > Long.MAX_VALUE) {
      throw InvalidException.field(
          "allocation.burnInUnits",
          "allocation.burnInUnits must be a whole number at least 0; got " + burnIn + ".");
    }
    return new Allocation(Type.BANDIT, every, minShare, (long) burnIn);
  }

  /**
   * The allocation as the experiments table stores it ({@link #toJson()}), trusted: it was checked
   * when it was written, and a lower test-only bound on {@code updateEvery} must not make a stored
   * experiment unreadable.
   */
  public static Allocation stored(JsonObject json) {
    if (json == null || !"bandit".equals(json.getString("type"))) {
      return FIXED;
    }
    return new Allocation(
        Type.BANDIT,
        Duration.parse(json.getString("updateEvery")),
        json.getDouble("minShare"),
        json.getLong("burnInUnits"));
  }

  /** A bandit's floor must leave room for every arm: minShare × arms at most 1. */
  public void checkArms(int arms) {
    if (isBandit()) {
      checkShares(minShare, arms);
    }
  }

  private static void checkShares(double minShare, int arms) {
    if (!(minShare >= 0) || minShare * arms > 1) {
      throw InvalidException.field(
          "allocation.minShare",
          "allocation.minShare times the "
              + arms
              + " variants must be at most 1 (and minShare at least 0); got "
              + minShare
              + ".");
    }
  }

  /** A bandit is sticky (a unit keeps its arm): an explicit {@code "sticky": false} is refused. */
  public static boolean sticky(Allocation allocation, Boolean requested) {
    if (!allocation.isBandit()) {
      return Boolean.TRUE.equals(requested);
    }
    if (Boolean.FALSE.equals(requested)) {
      throw InvalidException.field(
          "sticky", "A bandit is sticky (a unit keeps its arm); sticky: false is refused.");
    }
    return true;
  }

  public JsonObject toJson() {
    if (!isBandit()) {
      return new JsonObject().put("type", "fixed");
    }
    return new JsonObject()
        .put("type", "bandit")
        .put("updateEvery", iso(updateEvery))
        .put("minShare", minShare)
        .put("burnInUnits", burnInUnits);
  }

  /**
   * ISO-8601 with whole days as days ({@code P1D}, {@code P1DT12H}), as people write a bandit's
   * period; {@link Duration#toString()} has no days ({@code PT24H}). {@link Duration#parse} reads
   * it back to the same duration.
   */
  static String iso(Duration duration) {
    long days = duration.toDays();
    if (days == 0) {
      return duration.toString();
    }
    Duration rest = duration.minusDays(days);
    return "P" + days + "D" + (rest.isZero() ? "" : rest.toString().substring(1));
  }

  private static Duration updateEvery(Object value) {
    try {
      if (value instanceof String text) {
        return Duration.parse(text);
      }
    } catch (DateTimeParseException e) {
      // the message below names the value
    }
    throw InvalidException.field(
        "allocation.updateEvery",
        "allocation.updateEvery must be an ISO-8601 duration like PT1H; got '" + value + "'.");
  }

  private static double number(Object value, String field) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw InvalidException.field(field, field + " must be a number; got '" + value + "'.");
  }
}
