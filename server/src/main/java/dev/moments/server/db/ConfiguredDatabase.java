package dev.moments.server.db;

import dev.moments.server.config.MomentsConfig;
import java.util.Optional;

/**
 * The database the configuration names, migrated: the external one of MOMENTS_DB_URL, or an
 * embedded PostgreSQL started in MOMENTS_DATA_DIR. Closing stops the embedded one (an external one
 * is left alone).
 */
public final class ConfiguredDatabase implements AutoCloseable {
  private final Optional<EmbeddedDatabase> embedded;
  private final DatabaseTarget target;

  private ConfiguredDatabase(Optional<EmbeddedDatabase> embedded, DatabaseTarget target) {
    this.embedded = embedded;
    this.target = target;
  }

  /**
   * Starts the embedded database when needed and applies the migrations; a failed migration throws.
   */
  public static ConfiguredDatabase open(MomentsConfig config) {
    Optional<EmbeddedDatabase> embedded =
        config.databaseUrl().isPresent()
            ? Optional.empty()
            : Optional.of(EmbeddedDatabase.start(config.dataDir(), config.embeddedFsync()));
    DatabaseTarget target =
        config
            .databaseUrl()
            .map(DatabaseTarget::fromUri)
            .orElseGet(() -> embedded.orElseThrow().target());
    try {
      Migrations.apply(target);
    } catch (RuntimeException e) {
      embedded.ifPresent(EmbeddedDatabase::close);
      throw e;
    }
    return new ConfiguredDatabase(embedded, target);
  }

  public DatabaseTarget target() {
    return target;
  }

  public boolean isEmbedded() {
    return embedded.isPresent();
  }

  @Override
  public void close() {
    embedded.ifPresent(EmbeddedDatabase::close);
  }
}
