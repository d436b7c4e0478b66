package dev.moments.server.rollup;

import dev.moments.server.db.DatabaseTarget;
import dev.moments.server.db.Pools;
import dev.moments.server.testing.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fold ITs' fixture, one per test: a fresh database with experiment A declared ({@link
 * RollupFixture#declareExperimentA}), a Vert.x and a pool of 4, closed after the test. Registered
 * with {@code @RegisterExtension}, so each IT states only what it adds.
 */
final class RollupDatabase implements BeforeEachCallback, AfterEachCallback {
  private DatabaseTarget db;
  private Vertx vertx;
  private Pool pool;

  @Override
  public void beforeEach(ExtensionContext context) {
    db = TestDatabase.fresh();
    RollupFixture.declareExperimentA(db);
    vertx = Vertx.vertx();
    pool = Pools.open(vertx, db, 4);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    pool.close().await();
    vertx.close().await();
  }

  DatabaseTarget db() {
    return db;
  }

  Vertx vertx() {
    return vertx;
  }

  Pool pool() {
    return pool;
  }
}
