package dev.moments.server.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent so far by this JVM and by one PostgreSQL (its postmaster, the children it reaped
 * and those alive), in nanoseconds, from /proc (Linux only): what a benchmark divides by its events
 * to get a per-event cost that does not depend on how busy the rest of the machine is.
 */
final class CpuTime {
  /** Clock ticks per second of /proc's times (USER_HZ, 100 on Linux). */
  private static final long HZ = 100;

  private CpuTime() {}

  static long jvmNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * @param dataDir the cluster's data directory (holding postmaster.pid); -1 when unknown
   */
  static long postgresNanos(Path dataDir) {
    try {
      long postmaster =
          Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0));
      long ticks = ticks(postmaster, true);
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        for (Path p : (Iterable<Path>) procs::iterator) {
          String name = p.getFileName().toString();
          if (name.chars().allMatch(Character::isDigit)
              && parent(Long.parseLong(name)) == postmaster) {
            ticks += ticks(Long.parseLong(name), false);
          }
        }
      }
      return ticks * (1_000_000_000L / HZ);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** Fields after the command name of /proc/pid/stat (which may hold spaces). */
  private static String[] stat(long pid) {
    try {
      String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return s.substring(s.lastIndexOf(')') + 2).split(" ");
    } catch (IOException e) {
      return null;
    }
  }

  private static long parent(long pid) {
    String[] f = stat(pid);
    return f == null ? -1 : Long.parseLong(f[1]);
  }

  /** utime + stime (fields 14, 15), and with {@code reaped} cutime + cstime (16, 17). */
  private static long ticks(long pid, boolean reaped) {
    String[] f = stat(pid);
    if (f == null) {
      return 0;
    }
    long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return reaped ? t + Long.parseLong(f[13]) + Long.parseLong(f[14]) : t;
  }
}
