package dev.moments.server.db;

import java.util.LinkedHashMap;
import java.util.Map;

/** The settings the embedded postmaster runs with (server/README.md, The embedded PostgreSQL). */
final class EmbeddedSettings {
  private EmbeddedSettings() {}

  /**
   * WAL kept between checkpoints. PostgreSQL's own 1GB made a checkpoint every ~20 s under a
   * sustained stream of new units (~2 KB of WAL each at 13,000/s; "checkpoints are occurring too
   * frequently"), and each one writes and syncs the dirty pages, then makes the next change of
   * every page log a full page image, while commits wait on the same disk. 4GB spaces them ~4x
   * further apart (the time limit, {@code checkpoint_timeout} 5 min, is unchanged); the price is up
   * to ~4 GB of {@code pg_wal} at peak and a longer crash recovery (server/README.md, The embedded
   * PostgreSQL). Durability is unchanged: every commit is still flushed before it is answered.
   */
  static final String MAX_WAL_SIZE = "4GB";

  /**
   * @param fsync whether commits are flushed to disk
   * @param sharedBuffers PostgreSQL's {@code shared_buffers} ({@link SharedBuffers})
   */
  static Map<String, String> of(boolean fsync, String sharedBuffers) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("listen_addresses", "127.0.0.1");
    settings.put("unix_socket_directories", "");
    settings.put("password_encryption", "scram-sha-256");
    settings.put("max_connections", "200");
    settings.put("synchronous_commit", "on");
    settings.put("fsync", fsync ? "on" : "off");
    settings.put("timezone", "UTC");
    settings.put("shared_buffers", sharedBuffers);
    settings.put("max_wal_size", MAX_WAL_SIZE);
    return settings;
  }
}
