package dev.moments.sdk;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the configuration fresh on the background thread: GET /sdk/config with If-None-Match, every
 * refreshInterval once a configuration came from the server, sooner (with backoff) before. Readers
 * on any thread see the latest config through one volatile read.
 */
final class ConfigFetcher {
  private final ClientSettings settings;
  private final Http http;
  private final ErrorReporter errors;
  private final ScheduledExecutorService background;
  private final Backoff backoff;
  private final CompletableFuture<Void> firstAnswer = new CompletableFuture<>();
  private final AtomicLong updates = new AtomicLong();
  private final AtomicLong notModified = new AtomicLong();
  private final AtomicLong failedRequests;
  private volatile AssignmentConfig config;
  private String etag;
  private boolean fromServer;
  private int failures;

  ConfigFetcher(
      ClientSettings settings,
      Http http,
      ErrorReporter errors,
      ScheduledExecutorService background,
      AtomicLong failedRequests) {
    this.settings = settings;
    this.http = http;
    this.errors = errors;
    this.background = background;
    this.failedRequests = failedRequests;
    this.config = settings.snapshot();
    this.backoff =
        new Backoff(settings.retryInitialDelay().toNanos(), settings.refreshInterval().toNanos());
  }

  AssignmentConfig current() {
    return config;
  }

  long updates() {
    return updates.get();
  }

  long notModified() {
    return notModified.get();
  }

  /** Completes after the first fetch answered or failed. */
  CompletableFuture<Void> firstAnswer() {
    return firstAnswer;
  }

  void start() {
    background.execute(this::refresh);
  }

  private void refresh() {
    if (errors.isKeyRefused()) {
      firstAnswer.complete(null);
      return;
    }
    try {
      fetchOnce();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (RuntimeException e) {
      failed(
          "refreshing the configuration failed unexpectedly: " + e,
          e); // keep the refresh chain alive
    } finally {
      firstAnswer.complete(null);
    }
    long delay = fromServer ? settings.refreshInterval().toNanos() : backoff.delayNanos(failures);
    if (!errors.isKeyRefused()) {
      try {
        background.schedule(this::refresh, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closing) {
        // the client is closing: no more refreshes
      }
    }
  }

  private void fetchOnce() throws InterruptedException {
    Http.Response response;
    try {
      response = http.getConfig(etag, settings.requestTimeout());
    } catch (IOException e) {
      failed("GET /api/v1/sdk/config failed: " + e, e);
      return;
    }
    switch (response.status()) {
      case 200 -> take(response);
      case 304 -> {
        notModified.incrementAndGet();
        fromServer = true;
        failures = 0;
      }
      case 401, 403 -> errors.keyRefused(response.status(), "GET /api/v1/sdk/config");
      default -> failed("GET /api/v1/sdk/config answered " + Http.describe(response), null);
    }
  }

  private void take(Http.Response response) {
    try {
      config = AssignmentConfig.fromJson(response.body());
      etag = response.etag();
      updates.incrementAndGet();
      fromServer = true;
      failures = 0;
    } catch (IllegalArgumentException e) {
      failures++;
      errors.report(
          MomentsError.Kind.CONFIG_INVALID,
          "the server's configuration cannot be read, keeping version "
              + (config == null ? "none" : config.version())
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private void failed(String message, Throwable cause) {
    failures++;
    failedRequests.incrementAndGet();
    errors.report(
        MomentsError.Kind.CONFIG_FETCH_FAILED,
        message
            + "; assigning from version "
            + (config == null ? "none (every unit gets the default)" : config.version()),
        cause);
  }
}
