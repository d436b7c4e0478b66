package dev.moments.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner per embedded data directory: a lock on {@code moments.lock} in it, which the OS drops
 * when its owner dies, even by kill -9, so a postmaster still running there was left by an owner
 * that died.
 */
final class DataDirectoryLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryLock.class);
  private final FileChannel channel;

  private DataDirectoryLock(FileChannel channel) {
    this.channel = channel;
  }

  /** Takes the lock (creating the directory, owner-only, if need be) or fails naming the owner. */
  static DataDirectoryLock take(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(
            dir, PosixFilePermissions.asFileAttribute(PostgresBinaries.OWNER_ONLY));
      }
      FileChannel channel =
          FileChannel.open(
              dir.resolve("moments.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "another Moments server (or rebuild-rollups) is using the data directory "
                + dir
                + "; stop it first");
      }
      return new DataDirectoryLock(channel);
    } catch (IOException e) {
      throw new UncheckedIOException("could not lock the data directory " + dir, e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("could not release the data directory lock: {}", e.getMessage());
    }
  }
}
