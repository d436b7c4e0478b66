package dev.moments.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The facts PostgreSQL writes into {@code postmaster.pid} while it runs: its process id, data
 * directory, port and status ({@code starting}, {@code ready}, {@code stopping}). A postmaster that
 * was killed leaves the file behind, so the process it names has to be checked before anything is
 * signalled.
 */
record PostmasterPid(long pid, Path dataDir, int port, String status) {
  static final String FILE = "postmaster.pid";

  /** The file's facts, or empty when there is none or it is still being written. */
  static Optional<PostmasterPid> read(Path pgDir) {
    try {
      return parse(Files.readAllLines(pgDir.resolve(FILE)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + pgDir.resolve(FILE), e);
    }
  }

  static Optional<PostmasterPid> parse(List<String> lines) {
    if (lines.size() < 4) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new PostmasterPid(
              Long.parseLong(lines.get(0).trim()),
              Path.of(lines.get(1).trim()),
              Integer.parseInt(lines.get(3).trim()),
              lines.size() > 7 ? lines.get(7).trim() : ""));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  boolean ready() {
    return status.equals("ready");
  }

  /**
   * The live process this file names, but only if it really is a {@code postgres} started on {@code
   * pgDir}: after a crash the id may belong to any other process by now.
   */
  Optional<ProcessHandle> liveProcessOf(Path pgDir) {
    return ProcessHandle.of(pid).filter(p -> isPostmasterOf(p.info(), pgDir));
  }

  static boolean isPostmasterOf(ProcessHandle.Info info, Path pgDir) {
    boolean postgres =
        info.command()
            .map(c -> Path.of(c).getFileName().toString().equals("postgres"))
            .orElse(false);
    String[] args = info.arguments().orElse(new String[0]);
    for (int i = 0; postgres && i + 1 < args.length; i++) {
      if (args[i].equals("-D") && samePath(Path.of(args[i + 1]), pgDir)) {
        return true;
      }
    }
    return false;
  }

  private static boolean samePath(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }
}
