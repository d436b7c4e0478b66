package dev.moments.sdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Configures a {@link MomentsClient}; every setter checks its argument at once and names the bad
 * value. Defaults are listed in sdk-java/README.md.
 */
public final class MomentsClientBuilder {
  /** The server refuses batches of more than 1000 events. */
  static final int MAX_BATCH = 1000;

  private final URI baseUrl;
  private final String serverKey;
  private Duration initialFetchTimeout = Duration.ofSeconds(2);
  private Duration refreshInterval = Duration.ofSeconds(30);
  private Duration flushInterval = Duration.ofSeconds(1);
  private int flushAt = 500;
  private int maxQueuedEvents = 10_000;
  private Duration connectTimeout = Duration.ofSeconds(2);
  private Duration requestTimeout = Duration.ofSeconds(10);
  private Duration retryInitialDelay = Duration.ofMillis(250);
  private Duration retryMaxDelay = Duration.ofSeconds(30);
  private Duration closeTimeout = Duration.ofSeconds(5);
  private int exposureCacheSize = 1 << 18;
  static final int DEFAULT_STICKY_ENTRIES = 10_000;
  private StickyStore stickyStore;
  private AssignmentConfig snapshot;
  private Consumer<MomentsError> onError;

  MomentsClientBuilder(String baseUrl, String serverKey) {
    this.baseUrl = parseBaseUrl(baseUrl);
    if (serverKey == null || serverKey.isBlank()) {
      throw new IllegalArgumentException(
          "serverKey must be a non-blank SDK key, got "
              + (serverKey == null ? "null" : "\"" + serverKey + "\""));
    }
    this.serverKey = serverKey.strip();
  }

  private static URI parseBaseUrl(String baseUrl) {
    if (baseUrl == null) {
      throw new IllegalArgumentException(
          "baseUrl must be an http(s) URL like http://localhost:8080, got null");
    }
    try {
      URI uri = new URI(baseUrl.strip());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new URISyntaxException(baseUrl, "needs the scheme http or https and a host");
      }
      String text = uri.toString();
      return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "baseUrl must be an http(s) URL like http://localhost:8080, got \""
              + baseUrl
              + "\" ("
              + e.getReason()
              + ")",
          e);
    }
  }

  /**
   * How long {@link #build()} waits for the first configuration before starting with what it has
   * (default 2 s; 0: no wait).
   */
  public MomentsClientBuilder initialFetchTimeout(Duration timeout) {
    initialFetchTimeout = notNegative("initialFetchTimeout", timeout);
    return this;
  }

  /** How often the configuration is revalidated with If-None-Match (default 30 s). */
  public MomentsClientBuilder refreshInterval(Duration interval) {
    refreshInterval = positive("refreshInterval", interval);
    return this;
  }

  /** How often queued events are sent (default 1 s). */
  public MomentsClientBuilder flushInterval(Duration interval) {
    flushInterval = positive("flushInterval", interval);
    return this;
  }

  /**
   * Send as soon as this many events are queued; also the largest batch (default 500, at most
   * 1000).
   */
  public MomentsClientBuilder flushAt(int events) {
    if (events < 1 || events > MAX_BATCH) {
      throw new IllegalArgumentException(
          "flushAt must be between 1 and " + MAX_BATCH + ", got " + events);
    }
    flushAt = events;
    return this;
  }

  /** The queue's bound; when full the oldest events are dropped and counted (default 10,000). */
  public MomentsClientBuilder maxQueuedEvents(int events) {
    if (events < 1) {
      throw new IllegalArgumentException("maxQueuedEvents must be at least 1, got " + events);
    }
    maxQueuedEvents = events;
    return this;
  }

  /** TCP connect timeout (default 2 s). */
  public MomentsClientBuilder connectTimeout(Duration timeout) {
    connectTimeout = positive("connectTimeout", timeout);
    return this;
  }

  /** Timeout of one HTTP request, connect included (default 10 s). */
  public MomentsClientBuilder requestTimeout(Duration timeout) {
    requestTimeout = positive("requestTimeout", timeout);
    return this;
  }

  /**
   * Exponential backoff of event retries: first delay and cap, each with full jitter (default 250
   * ms, 30 s).
   */
  public MomentsClientBuilder retryDelays(Duration initial, Duration max) {
    positive("retryDelays initial", initial);
    positive("retryDelays max", max);
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "retryDelays max (" + max + ") must not be less than initial (" + initial + ")");
    }
    retryInitialDelay = initial;
    retryMaxDelay = max;
    return this;
  }

  /** How long {@link MomentsClient#close()} may spend sending what is queued (default 5 s). */
  public MomentsClientBuilder closeTimeout(Duration timeout) {
    closeTimeout = notNegative("closeTimeout", timeout);
    return this;
  }

  /**
   * Slots of the "exposure already sent" memory, 8 bytes each, rounded up to a power of two
   * (default 262,144 = 2 MiB).
   */
  public MomentsClientBuilder exposureCacheSize(int slots) {
    if (slots < 1 || slots > (1 << 26)) {
      throw new IllegalArgumentException(
          "exposureCacheSize must be between 1 and " + (1 << 26) + ", got " + slots);
    }
    exposureCacheSize = slots;
    return this;
  }

  /**
   * Where units' variants in sticky experiments are kept (default {@link StickyStore#inMemory} with
   * 10,000 entries: per process, lost on restart; plug Redis or a database to share them).
   */
  public MomentsClientBuilder stickyStore(StickyStore store) {
    if (store == null) {
      throw new IllegalArgumentException("stickyStore must not be null");
    }
    stickyStore = store;
    return this;
  }

  /** Start from this {@code GET /api/v1/sdk/config} body until the server answers (parsed now). */
  public MomentsClientBuilder configSnapshot(String sdkConfigJson) {
    try {
      snapshot = AssignmentConfig.fromJson(sdkConfigJson);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "configSnapshot is not a valid SDK config: " + e.getMessage(), e);
    }
    return this;
  }

  /** {@link #configSnapshot(String)} read from a UTF-8 file. */
  public MomentsClientBuilder configSnapshot(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("configSnapshot file must not be null");
    }
    try {
      return configSnapshot(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "configSnapshot file " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Where problems go (default: one System.Logger warning per kind per 10 s). Must be fast and not
   * throw.
   */
  public MomentsClientBuilder onError(Consumer<MomentsError> handler) {
    if (handler == null) {
      throw new IllegalArgumentException("onError handler must not be null");
    }
    onError = handler;
    return this;
  }

  /**
   * Starts the background thread and waits up to initialFetchTimeout for the first configuration.
   */
  public MomentsClient build() {
    ClientSettings settings =
        new ClientSettings(
            baseUrl,
            serverKey,
            initialFetchTimeout,
            refreshInterval,
            flushInterval,
            flushAt,
            maxQueuedEvents,
            connectTimeout,
            requestTimeout,
            retryInitialDelay,
            retryMaxDelay,
            closeTimeout,
            exposureCacheSize,
            stickyStore == null ? StickyStore.inMemory(DEFAULT_STICKY_ENTRIES) : stickyStore,
            snapshot,
            onError == null ? ErrorReporter.LOG : onError);
    return DefaultMomentsClient.start(settings);
  }

  private static Duration positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + value);
    }
    return value;
  }

  private static Duration notNegative(String name, Duration value) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(
          name + " must be zero or a positive duration, got " + value);
    }
    return value;
  }
}
