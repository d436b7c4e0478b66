package dev.moments.server.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies migrations/*.sql (packaged as classpath:db/migration); running it twice is a no-op. */
public final class Migrations {
  private Migrations() {}

  public static MigrateResult apply(DatabaseTarget target) {
    return Flyway.configure()
        .dataSource(target.jdbcUrl(), target.user(), target.password())
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }
}
