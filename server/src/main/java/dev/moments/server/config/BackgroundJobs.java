package dev.moments.server.config;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The timing of the server's background work: webhook deliveries, the decision watcher and the
 * scheduler. Every server on a database runs all three; the database makes sure each delivery,
 * alert and scheduled move happens once.
 *
 * @param webhookTimeout one delivery attempt's limit: connecting, sending and the answer together
 * @param webhookRetryBase the wait before the first retry; it doubles with every failed attempt, up
 *     to {@link #WEBHOOK_RETRY_CAP}
 * @param webhookMaxAttempts attempts before a delivery is marked failed
 * @param webhookPoll how often a server looks for deliveries that are due
 * @param alertInterval how often the decision watcher builds the reports of running experiments
 * @param alertMinDays days an experiment runs before its decisions are alerted; a harmed guardrail
 *     is alerted at once
 * @param schedulerInterval how often the scheduler looks for starts and stops that are due
 */
public record BackgroundJobs(
    Duration webhookTimeout,
    Duration webhookRetryBase,
    int webhookMaxAttempts,
    Duration webhookPoll,
    Duration alertInterval,
    int alertMinDays,
    Duration schedulerInterval) {

  public static final Duration WEBHOOK_RETRY_CAP = Duration.ofHours(1);

  public static final BackgroundJobs DEFAULTS =
      new BackgroundJobs(
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          20,
          Duration.ofSeconds(1),
          Duration.ofMinutes(5),
          3,
          Duration.ofSeconds(15));

  public BackgroundJobs {
    positive("MOMENTS_WEBHOOK_TIMEOUT", webhookTimeout, Duration.ofMinutes(5));
    positive("MOMENTS_WEBHOOK_RETRY_BASE", webhookRetryBase, WEBHOOK_RETRY_CAP);
    positive("MOMENTS_WEBHOOK_POLL", webhookPoll, Duration.ofMinutes(1));
    positive("MOMENTS_ALERT_INTERVAL", alertInterval, Duration.ofDays(1));
    positive("MOMENTS_SCHEDULER_INTERVAL", schedulerInterval, Duration.ofHours(1));
    if (webhookMaxAttempts < 1 || webhookMaxAttempts > 100) {
      throw new ConfigException(
          "MOMENTS_WEBHOOK_MAX_ATTEMPTS",
          String.valueOf(webhookMaxAttempts),
          "must be between 1 and 100");
    }
    if (alertMinDays < 0 || alertMinDays > 365) {
      throw new ConfigException(
          "MOMENTS_ALERT_MIN_DAYS", String.valueOf(alertMinDays), "must be between 0 and 365");
    }
  }

  static BackgroundJobs fromEnvironment(Env env) {
    return new BackgroundJobs(
        seconds(env, "MOMENTS_WEBHOOK_TIMEOUT", DEFAULTS.webhookTimeout),
        seconds(env, "MOMENTS_WEBHOOK_RETRY_BASE", DEFAULTS.webhookRetryBase),
        env.integer("MOMENTS_WEBHOOK_MAX_ATTEMPTS", DEFAULTS.webhookMaxAttempts),
        DEFAULTS.webhookPoll,
        seconds(env, "MOMENTS_ALERT_INTERVAL", DEFAULTS.alertInterval),
        env.integer("MOMENTS_ALERT_MIN_DAYS", DEFAULTS.alertMinDays),
        seconds(env, "MOMENTS_SCHEDULER_INTERVAL", DEFAULTS.schedulerInterval));
  }

  /** A number of seconds, decimals allowed ({@code 0.5}). */
  static Duration seconds(Env env, String name, Duration defaultValue) {
    String value = env.text(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      BigDecimal millis = new BigDecimal(value.trim()).movePointRight(3);
      return Duration.ofMillis(millis.longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw new ConfigException(name, value, "must be a number of seconds (up to 3 decimals)");
    }
  }

  private static void positive(String name, Duration value, Duration max) {
    if (value == null || value.isNegative() || value.isZero() || value.compareTo(max) > 0) {
      throw new ConfigException(
          name,
          value == null ? "null" : value.toMillis() / 1000.0 + "",
          "must be more than 0 and at most " + max.toSeconds() + " seconds");
    }
  }
}
