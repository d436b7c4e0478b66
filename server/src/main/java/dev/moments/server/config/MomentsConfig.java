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
 * @param warmupSeconds how long a private instance on a scratch database is driven before the
 *     server listens, to compile the hot paths (server/README, "JIT warm-up"); 0: none
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
    EventRetention retention,
    int warmupSeconds) {

  public static final int MAX_BODY_BYTES = 1024 * 1024;
  public static final int MIN_ADMIN_KEY_LENGTH = 32;

  public MomentsConfig {
    Objects.requireNonNull(databaseUrl, "databaseUrl");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(adminKey, "adminKey");
    Objects.requireNonNull(listeners, "listeners");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(quotas, "quotas");
    Objects.requireNonNull(dbTimeouts, "dbTimeouts");
    Objects.requireNonNull(jobs, "jobs");
    Objects.requireNonNull(botPatterns, "botPatterns");
    Objects.requireNonNull(bandits, "bandits");
    Objects.requireNonNull(retention, "retention");
    Env.inRange("MOMENTS_PORT", port, 0, 65535);
    Env.inRange("MOMENTS_DB_POOL_SIZE", poolSize, 1, 200);
    Env.inRange("MOMENTS_HTTP_INSTANCES", httpInstances, 1, 64);
    Env.inRange(WARMUP_SECONDS, warmupSeconds, 0, MAX_WARMUP_SECONDS);
  }

  static final String WARMUP_SECONDS = "MOMENTS_WARMUP_SECONDS";
  public static final int MAX_WARMUP_SECONDS = 600;

  /** A configuration of the defaults (those of an empty environment) to change. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to change some of it. */
  public Builder toBuilder() {
    return new Builder()
        .port(port)
        .databaseUrl(databaseUrl)
        .dataDir(dataDir)
        .adminKey(adminKey)
        .demo(demo)
        .poolSize(poolSize)
        .httpInstances(httpInstances)
        .embeddedFsync(embeddedFsync)
        .listeners(listeners)
        .http(http)
        .quotas(quotas)
        .dbTimeouts(dbTimeouts)
        .jobs(jobs)
        .botPatterns(botPatterns)
        .bandits(bandits)
        .retention(retention)
        .warmupSeconds(warmupSeconds);
  }

  /**
   * Reads {@code MOMENTS_*} variables; a bad value fails with a message naming the variable and the
   * value.
   */
  public static MomentsConfig fromEnvironment(Map<String, String> variables) {
    return ServerVariables.read(variables);
  }

  public MomentsConfig with(Listeners listeners) {
    return toBuilder().listeners(listeners).build();
  }

  public MomentsConfig with(HttpLimits http) {
    return toBuilder().http(http).build();
  }

  public MomentsConfig with(QuotaDefaults quotas) {
    return toBuilder().quotas(quotas).build();
  }

  public MomentsConfig with(DatabaseTimeouts dbTimeouts) {
    return toBuilder().dbTimeouts(dbTimeouts).build();
  }

  /** The same server with other background timing (tests shorten it). */
  public MomentsConfig with(BackgroundJobs jobs) {
    return toBuilder().jobs(jobs).build();
  }

  /** The same server with other bandit timing (tests lower the least updateEvery). */
  public MomentsConfig with(BanditJobs bandits) {
    return toBuilder().bandits(bandits).build();
  }

  /** The same server with another event retention (tests shorten it). */
  public MomentsConfig with(EventRetention retention) {
    return toBuilder().retention(retention).build();
  }

  /**
   * Builds a {@link MomentsConfig} from the defaults of an empty environment; each setter refuses a
   * bad value at once, naming the setting's variable and the value. To add a setting: a component
   * at the end of the record, a field here with its default, its setter, and one line each in
   * {@link #build()}, {@link MomentsConfig#toBuilder()} and {@link ServerVariables#read} (or its
   * concern's settings).
   */
  public static final class Builder {
    static final int PORT = 8080;
    static final Path DATA_DIR = Path.of("./data");
    static final int POOL_SIZE = 8;

    private int port = PORT;
    private Optional<URI> databaseUrl = Optional.empty();
    private Path dataDir = DATA_DIR;
    private Optional<String> adminKey = Optional.empty();
    private boolean demo = true;
    private int poolSize = POOL_SIZE;
    private int httpInstances = httpInstancesDefault();
    private boolean embeddedFsync = true;
    private Listeners listeners = Listeners.DEFAULTS;
    private HttpLimits http = HttpLimits.DEFAULTS;
    private QuotaDefaults quotas = QuotaDefaults.DEFAULTS;
    private DatabaseTimeouts dbTimeouts = DatabaseTimeouts.DEFAULTS;
    private BackgroundJobs jobs = BackgroundJobs.DEFAULTS;
    private Optional<Path> botPatterns = Optional.empty();
    private BanditJobs bandits = BanditJobs.DEFAULTS;
    private EventRetention retention = EventRetention.DEFAULTS;
    private int warmupSeconds = 0;

    private Builder() {}

    /** One HTTP verticle per core. */
    static int httpInstancesDefault() {
      return Math.min(64, Runtime.getRuntime().availableProcessors());
    }

    /** HTTP port, 0 to 65535 (0: any free port); default 8080. */
    public Builder port(int port) {
      Env.inRange("MOMENTS_PORT", port, 0, 65535);
      this.port = port;
      return this;
    }

    /** A {@code postgresql://} URL; default none: start the embedded PostgreSQL. */
    public Builder databaseUrl(URI databaseUrl) {
      return databaseUrl(Optional.of(databaseUrl));
    }

    public Builder databaseUrl(Optional<URI> databaseUrl) {
      this.databaseUrl = Objects.requireNonNull(databaseUrl, "databaseUrl");
      return this;
    }

    /** Where the embedded database keeps its files; default {@code ./data}. */
    public Builder dataDir(Path dataDir) {
      this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
      return this;
    }

    /** A fixed admin key (at least 32 varied characters); default none: generated once. */
    public Builder adminKey(Optional<String> adminKey) {
      Objects.requireNonNull(adminKey, "adminKey")
          .ifPresent(ServerVariables::requireStrongAdminKey);
      this.adminKey = adminKey;
      return this;
    }

    /** Seed a demo into an empty database; default true. */
    public Builder demo(boolean demo) {
      this.demo = demo;
      return this;
    }

    /** Database connections per server, 1 to 200; default 8. */
    public Builder poolSize(int poolSize) {
      Env.inRange("MOMENTS_DB_POOL_SIZE", poolSize, 1, 200);
      this.poolSize = poolSize;
      return this;
    }

    /** HTTP verticles, 1 to 64; default the number of cores. */
    public Builder httpInstances(int httpInstances) {
      Env.inRange("MOMENTS_HTTP_INSTANCES", httpInstances, 1, 64);
      this.httpInstances = httpInstances;
      return this;
    }

    /** Whether the embedded database flushes each commit to disk; default true. */
    public Builder embeddedFsync(boolean embeddedFsync) {
      this.embeddedFsync = embeddedFsync;
      return this;
    }

    public Builder listeners(Listeners listeners) {
      this.listeners = Objects.requireNonNull(listeners, "listeners");
      return this;
    }

    public Builder http(HttpLimits http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    public Builder quotas(QuotaDefaults quotas) {
      this.quotas = Objects.requireNonNull(quotas, "quotas");
      return this;
    }

    public Builder dbTimeouts(DatabaseTimeouts dbTimeouts) {
      this.dbTimeouts = Objects.requireNonNull(dbTimeouts, "dbTimeouts");
      return this;
    }

    public Builder jobs(BackgroundJobs jobs) {
      this.jobs = Objects.requireNonNull(jobs, "jobs");
      return this;
    }

    /** A crawler-user-agents.json replacing the shipped list; default none: the shipped list. */
    public Builder botPatterns(Optional<Path> botPatterns) {
      this.botPatterns = Objects.requireNonNull(botPatterns, "botPatterns");
      return this;
    }

    public Builder bandits(BanditJobs bandits) {
      this.bandits = Objects.requireNonNull(bandits, "bandits");
      return this;
    }

    public Builder retention(EventRetention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /** Seconds of JIT warm-up before the server listens, 0 to 600; default 0 (none). */
    public Builder warmupSeconds(int warmupSeconds) {
      Env.inRange(WARMUP_SECONDS, warmupSeconds, 0, MAX_WARMUP_SECONDS);
      this.warmupSeconds = warmupSeconds;
      return this;
    }

    public MomentsConfig build() {
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
          retention,
          warmupSeconds);
    }
  }
}
