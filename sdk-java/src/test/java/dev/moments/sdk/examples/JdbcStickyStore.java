package dev.moments.sdk.examples;

import dev.moments.sdk.StickyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A StickyStore in a SQL database, shared by every instance of a service and kept across restarts.
 * Table: CREATE TABLE moments_sticky (unit_id VARCHAR(1024), experiment VARCHAR(64), variant
 * VARCHAR(64), PRIMARY KEY (unit_id, experiment)).
 */
public final class JdbcStickyStore implements StickyStore {
  private final DataSource database;

  public JdbcStickyStore(DataSource database) {
    this.database = database;
  }

  @Override
  public String get(String unitId, String experiment) {
    String sql = "SELECT variant FROM moments_sticky WHERE unit_id = ? AND experiment = ?";
    try (Connection c = database.getConnection();
        PreparedStatement select = c.prepareStatement(sql)) {
      select.setString(1, unitId);
      select.setString(2, experiment);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e); // reported to onError; the hash decides meanwhile
    }
  }

  @Override
  public void put(String unitId, String experiment, String variant) {
    String sql =
        "MERGE INTO moments_sticky t USING (VALUES (?, ?, ?)) s (unit_id, experiment, variant)"
            + " ON t.unit_id = s.unit_id AND t.experiment = s.experiment"
            + " WHEN MATCHED THEN UPDATE SET variant = s.variant"
            + " WHEN NOT MATCHED THEN INSERT VALUES (s.unit_id, s.experiment, s.variant)";
    try (Connection c = database.getConnection();
        PreparedStatement merge = c.prepareStatement(sql)) {
      merge.setString(1, unitId);
      merge.setString(2, experiment);
      merge.setString(3, variant);
      merge.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
