package dev.moments.server.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The server's own {@code MOMENTS_*} variables (port, database, admin key, data directory, demo,
 * pool, HTTP instances, fsync, crawler list) read into a {@link MomentsConfig}, and the checks of
 * their values; each concern's variables are read by its own settings ({@link HttpLimits}, {@link
 * QuotaDefaults}, ...).
 */
final class ServerVariables {
  private ServerVariables() {}

  /** {@link MomentsConfig#fromEnvironment}. */
  static MomentsConfig read(Map<String, String> variables) {
    Env env = new Env(variables);
    MomentsConfig.Builder config =
        MomentsConfig.builder().port(env.integer("MOMENTS_PORT", MomentsConfig.Builder.PORT));
    Optional.ofNullable(env.text("MOMENTS_DB_URL"))
        .map(ServerVariables::databaseUri)
        .ifPresent(config::databaseUrl);
    return config
        .dataDir(Path.of(env.text("MOMENTS_DATA_DIR", MomentsConfig.Builder.DATA_DIR.toString())))
        .adminKey(Optional.ofNullable(env.text("MOMENTS_ADMIN_KEY")))
        .demo(env.bool("MOMENTS_DEMO", true))
        .poolSize(env.integer("MOMENTS_DB_POOL_SIZE", MomentsConfig.Builder.POOL_SIZE))
        .httpInstances(
            env.integer("MOMENTS_HTTP_INSTANCES", MomentsConfig.Builder.httpInstancesDefault()))
        .embeddedFsync(env.bool("MOMENTS_EMBEDDED_FSYNC", true))
        .listeners(Listeners.fromEnvironment(env))
        .http(HttpLimits.fromEnvironment(env))
        .quotas(QuotaDefaults.fromEnvironment(env))
        .dbTimeouts(DatabaseTimeouts.fromEnvironment(env))
        .jobs(BackgroundJobs.fromEnvironment(env))
        .botPatterns(botPatterns(env.text("MOMENTS_BOT_PATTERNS")))
        .bandits(BanditJobs.fromEnvironment(env))
        .retention(EventRetention.fromEnvironment(env))
        .warmupSeconds(env.integer(MomentsConfig.WARMUP_SECONDS, 0))
        .build();
  }

  /** The crawler list replacing the shipped one, when the variable names a readable file. */
  private static Optional<Path> botPatterns(String value) {
    Optional<Path> bots = Optional.ofNullable(value).map(Path::of);
    bots.ifPresent(
        file -> {
          if (!Files.isReadable(file)) {
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
    if (key.length() < MomentsConfig.MIN_ADMIN_KEY_LENGTH) {
      throw new ConfigException(
          "MOMENTS_ADMIN_KEY",
          shown,
          "must be at least " + MomentsConfig.MIN_ADMIN_KEY_LENGTH + " characters" + advice);
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
