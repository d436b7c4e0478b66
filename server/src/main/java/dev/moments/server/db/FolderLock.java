package dev.moments.server.db;

/**
 * The PostgreSQL advisory lock of the folders (the rollup worker of any server, rebuild-rollups),
 * which status changes take too: a fold holds it (as a session lock, taken before its snapshot)
 * while it classifies events by the experiments' running periods, and a status change is stamped
 * only once it holds it. So every event a fold saw without seeing a status change is earlier than
 * that change, and a rebuild reaches the same verdicts.
 */
public final class FolderLock {
  public static final long KEY = 0x6d6f6d656e7473L;

  private FolderLock() {}
}
