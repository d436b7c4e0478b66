package dev.moments.server.config;

import java.time.Duration;

/**
 * The bandit weight updater's timing (issue 21). Every server runs the updater; each update is made
 * by one server under the experiment's row lock, the others find it no longer due.
 *
 * @param interval how often a server looks for bandits whose next update is due
 *     (MOMENTS_BANDIT_INTERVAL, seconds)
 * @param minUpdateEvery the least {@code allocation.updateEvery} an experiment may ask for: {@link
 *     #MIN_UPDATE_EVERY} (1 minute). MOMENTS_BANDIT_MIN_UPDATE_EVERY (seconds) lowers it for tests
 *     only: weights that change faster than a page reloads its config are never what a real bandit
 *     wants
 */
public record BanditJobs(Duration interval, Duration minUpdateEvery) {

  /** The least {@code allocation.updateEvery} outside tests. */
  public static final Duration MIN_UPDATE_EVERY = Duration.ofMinutes(1);

  public static final BanditJobs DEFAULTS =
      new BanditJobs(Duration.ofSeconds(30), MIN_UPDATE_EVERY);

  public BanditJobs {
    if (interval == null
        || interval.isNegative()
        || interval.isZero()
        || interval.compareTo(Duration.ofHours(1)) > 0) {
      throw new ConfigException(
          "MOMENTS_BANDIT_INTERVAL",
          String.valueOf(interval),
          "must be more than 0 and at most 3600 seconds");
    }
    if (minUpdateEvery == null
        || minUpdateEvery.isNegative()
        || minUpdateEvery.isZero()
        || minUpdateEvery.compareTo(MIN_UPDATE_EVERY) > 0) {
      throw new ConfigException(
          "MOMENTS_BANDIT_MIN_UPDATE_EVERY",
          String.valueOf(minUpdateEvery),
          "must be more than 0 and at most 60 seconds (a test-only setting)");
    }
  }

  static BanditJobs fromEnvironment(Env env) {
    return new BanditJobs(
        BackgroundJobs.seconds(env, "MOMENTS_BANDIT_INTERVAL", DEFAULTS.interval),
        BackgroundJobs.seconds(env, "MOMENTS_BANDIT_MIN_UPDATE_EVERY", DEFAULTS.minUpdateEvery));
  }
}
