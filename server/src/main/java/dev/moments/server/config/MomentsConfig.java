package dev.moments.server.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's whole configuration, read once from the environment and validated before anything
 * starts.
 *
 * @param port HTTP port
 * @param databaseUrl a {@code postgresql://} URL; empty means "start the embedded PostgreSQL"
 * @param dataDir where the embedded database keeps its files
 * @param adminKey a fixed admin key; empty means "generate one on first start"
 * @param demo seed a demo moment and experiment into an empty database
 * @param poolSize database connections per server
 * @param httpInstances HTTP verticles (event loops serving requests); defaults to the number of
 *     cores
 * @param embeddedFsync whether the embedded database flushes each commit to disk (off trades the
 *     events of the last moments before an OS crash or power loss for throughput)
 * @param listeners the addresses to listen on, and the metrics listener
 * @param http timeouts and caps of the HTTP server
 * @param quotas the default rates of every key
 * @param dbTimeouts how long requests wait for the database
 * @param jobs the timing of webhook deliveries, decision alerts and the scheduler
 * @param botPatterns a crawler-user-agents.json file replacing the list the server ships; empty:
 *     the shipped list
 * @param bandits the bandit weight updater's timing
 * @param retention how long raw events are kept
 */
public record MomentsConfig(
    int port,
    Optional<URI> databaseUrl,
    Path dataDir,
    Optional<String> adminKey,
    boolean demo,
    int poolSize,
    int httpInstances,
    boolean embeddedFsync,
    Listeners listeners,
    HttpLimits http,
    QuotaDefaults quotas,
    DatabaseTimeouts dbTimeouts,
    BackgroundJobs jobs,
    Optional<Path> botPatterns,
    BanditJobs bandits,
    EventRetention retention) {

  public static final int MAX_BODY_BYTES = 1024 * 1024;
  public static final int MIN_ADMIN_KEY_LENGTH = 32;

  public MomentsConfig {
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(bandits, "bandits");
    Objects.requireNonNull(retention, "retention");
    if (port < 0 || port > 65535) {
      throw new ConfigException(
          "MOMENTS_PORT", String.valueOf(port), "must be between 0 and 65535");
    }
    if (poolSize < 1 || poolSize > 200) {
      throw new ConfigException(
          "MOMENTS_DB_POOL_SIZE", String.valueOf(poolSize), "must be between 1 and 200");
    }
    if (httpInstances < 1 || httpInstances > 64) {
      throw new ConfigException(
          "MOMENTS_HTTP_INSTANCES", String.valueOf(httpInstances), "must be between 1 and 64");
    }
  }

  /** The full configuration with the default event retention (keep all). */
  public MomentsConfig(
      int port,
      Optional<URI> databaseUrl,
      Path dataDir,
      Optional<String> adminKey,
      boolean demo,
      int poolSize,
      int httpInstances,
      boolean embeddedFsync,
      Listeners listeners,
      HttpLimits http,
      QuotaDefaults quotas,
      DatabaseTimeouts dbTimeouts,
      BackgroundJobs jobs,
      Optional<Path> botPatterns) {
    this(
        port,
        databaseUrl,
        dataDir,
        adminKey,
        demo,
        poolSize,
        httpInstances,
        embeddedFsync,
        listeners,
        http,
        quotas,
        dbTimeouts,
        jobs,
        botPatterns,
        BanditJobs.DEFAULTS,
        EventRetention.DEFAULTS);
  }

  /** The core settings, with the default listeners, limits, quotas, timeouts and job timing. */
  public MomentsConfig(
      int port,
      Optional<URI> databaseUrl,
      Path dataDir,
      Optional<String> adminKey,
      boolean demo,
      int poolSize,
      int httpInstances,
      boolean embeddedFsync) {
    this(
        port,
        databaseUrl,
        dataDir,
        adminKey,
        demo,
        poolSize,
        httpInstances,
        embeddedFsync,
        Listeners.DEFAULTS,
        HttpLimits.DEFAULTS,
        QuotaDefaults.DEFAULTS,
        DatabaseTimeouts.DEFAULTS,
        BackgroundJobs.DEFAULTS,
        Optional.empty(),
        BanditJobs.DEFAULTS,
        EventRetention.DEFAULTS);
  }

  /**
   * Reads {@code MOMENTS_*} variables; a bad value fails with a message naming the variable and the
   * value.
   */
  public static MomentsConfig fromEnvironment(Map<String, String> variables) {
    Env env = new Env(variables);
    int port = env.integer("MOMENTS_PORT", 8080);
    Optional<URI> dbUrl =
        Optional.ofNullable(env.text("MOMENTS_DB_URL")).map(MomentsConfig::databaseUri);
    Path dataDir = Path.of(env.text("MOMENTS_DATA_DIR", "./data"));
    Optional<String> adminKey = Optional.ofNullable(env.text("MOMENTS_ADMIN_KEY"));
    adminKey.ifPresent(MomentsConfig::requireStrongAdminKey);
    return new MomentsConfig(
        port,
        dbUrl,
        dataDir,
        adminKey,
        env.bool("MOMENTS_DEMO", true),
        env.integer("MOMENTS_DB_POOL_SIZE", 8),
        env.integer("MOMENTS_HTTP_INSTANCES", Runtime.getRuntime().availableProcessors()),
        env.bool("MOMENTS_EMBEDDED_FSYNC", true),
        Listeners.fromEnvironment(env),
        HttpLimits.fromEnvironment(env),
        QuotaDefaults.fromEnvironment(env),
        DatabaseTimeouts.fromEnvironment(env),
        BackgroundJobs.fromEnvironment(env),
        botPatterns(env.text("MOMENTS_BOT_PATTERNS")),
        BanditJobs.fromEnvironment(env),
        EventRetention.fromEnvironment(env));
  }

  public MomentsConfig with(Listeners listeners) {
    return copy(listeners, http, quotas, dbTimeouts, jobs, bandits, retention);
  }

  public MomentsConfig with(HttpLimits http) {
    return copy(listeners, http, quotas, dbTimeouts, jobs, bandits, retention);
  }

  public MomentsConfig with(QuotaDefaults quotas) {
    return copy(listeners, http, quotas, dbTimeouts, jobs, bandits, retention);
  }

  public MomentsConfig with(DatabaseTimeouts dbTimeouts) {
    return copy(listeners, http, quotas, dbTimeouts, jobs, bandits, retention);
  }

  /** The same server with other background timing (tests shorten it). */
  public MomentsConfig with(BackgroundJobs jobs) {
    return copy(listeners, http, quotas, dbTimeouts, jobs, bandits, retention);
  }

  /** The same server with other bandit timing (tests lower the least updateEvery). */
  public MomentsConfig with(BanditJobs bandits) {
    return copy(listeners, http, quotas, dbTimeouts, jobs, bandits, retention);
  }

  /** The same server with another event retention (tests shorten it). */
  public MomentsConfig with(EventRetention retention) {
    return copy(listeners, http, quotas, dbTimeouts, jobs, bandits, retention);
  }

  /** This configuration with the parts the {@code with} methods change. */
  private MomentsConfig copy(
      Listeners listeners,
      HttpLimits http,
      QuotaDefaults quotas,
      DatabaseTimeouts dbTimeouts,
      BackgroundJobs jobs,
      BanditJobs bandits,
      EventRetention retention) {
    return new MomentsConfig(
        port,
        databaseUrl,
        dataDir,
        adminKey,
        demo,
        poolSize,
        httpInstances,
        embeddedFsync,
        listeners,
        http,
        quotas,
        dbTimeouts,
        jobs,
        botPatterns,
        bandits,
        retention);
  }

  /** The crawler list replacing the shipped one, when the variable names a readable file. */
  private static Optional<Path> botPatterns(String value) {
    Optional<Path> bots = Optional.ofNullable(value).map(Path::of);
    bots.ifPresent(
        file -> {
          if (!java.nio.file.Files.isReadable(file)) {
            throw new ConfigException(
                "MOMENTS_BOT_PATTERNS", file.toString(), "is not a readable file");
          }
        });
    return bots;
  }

  /**
   * Only a hash of each key is stored, unsalted, so a dump of the database must not let anyone
   * guess the admin key: at least 32 characters and not repetitive, as a generated key is (32
   * random base64url characters, 192 bits).
   */
  static void requireStrongAdminKey(String key) {
    String shown = "<" + key.length() + " characters>";
    String advice = "; generate one with: openssl rand -hex 24";
    if (key.length() < MIN_ADMIN_KEY_LENGTH) {
      throw new ConfigException(
          "MOMENTS_ADMIN_KEY",
          shown,
          "must be at least " + MIN_ADMIN_KEY_LENGTH + " characters" + advice);
    }
    if (key.chars().distinct().count() < 10) {
      throw new ConfigException(
          "MOMENTS_ADMIN_KEY",
          shown,
          "repeats too few different characters (at least 10)" + advice);
    }
  }

  private static URI databaseUri(String value) {
    URI uri;
    try {
      uri = URI.create(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("MOMENTS_DB_URL", redact(value), "is not a URL: " + e.getMessage());
    }
    if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
      throw new ConfigException("MOMENTS_DB_URL", redact(value), "must start with postgresql://");
    }
    if (uri.getHost() == null) {
      throw new ConfigException("MOMENTS_DB_URL", redact(value), "has no host");
    }
    return uri;
  }

  /** Never print a database password into a log. */
  static String redact(String url) {
    return url.replaceAll("//([^:/@]+):[^@]*@", "//$1:***@");
  }
}
