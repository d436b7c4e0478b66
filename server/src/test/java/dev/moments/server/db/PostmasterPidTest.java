package dev.moments.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostmasterPidTest {
  @TempDir Path dir;

  @Test
  void readsPidDataDirectoryPortAndStatus() {
    PostmasterPid pid =
        PostmasterPid.parse(
                List.of(
                    "24736",
                    "/data/pg",
                    "1795936782",
                    "45243",
                    "",
                    "127.0.0.1",
                    "  2285687     32770",
                    "ready   "))
            .orElseThrow();
    assertEquals(24736, pid.pid());
    assertEquals(Path.of("/data/pg"), pid.dataDir());
    assertEquals(45243, pid.port());
    assertTrue(pid.ready());
  }

  @Test
  void aFileBeingWrittenIsNotAPostmaster() {
    assertEquals(Optional.empty(), PostmasterPid.parse(List.of("24736", "/data/pg")));
    assertEquals(Optional.empty(), PostmasterPid.parse(List.of("x", "/d", "1", "5432")));
  }

  @Test
  void onlyAPostgresStartedOnThisDataDirectoryCounts() throws Exception {
    Path pg = Files.createDirectories(dir.resolve("pg"));
    Path other = Files.createDirectories(dir.resolve("other"));
    assertTrue(
        PostmasterPid.isPostmasterOf(
            info("/tmp/x/bin/postgres", "-D", dir + "/./pg", "-p", "5432"), pg));
    assertFalse(
        PostmasterPid.isPostmasterOf(info("/tmp/x/bin/postgres", "-D", other.toString()), pg));
    assertFalse(
        PostmasterPid.isPostmasterOf(info("/usr/bin/java", "-D", pg.toString()), pg),
        "a reused process id must never be signalled");
    assertFalse(PostmasterPid.isPostmasterOf(info("/tmp/x/bin/postgres"), pg));
  }

  private static ProcessHandle.Info info(String command, String... args) {
    return new ProcessHandle.Info() {
      public Optional<String> command() {
        return Optional.of(command);
      }

      public Optional<String> commandLine() {
        return Optional.empty();
      }

      public Optional<String[]> arguments() {
        return Optional.of(args);
      }

      public Optional<Instant> startInstant() {
        return Optional.empty();
      }

      public Optional<Duration> totalCpuDuration() {
        return Optional.empty();
      }

      public Optional<String> user() {
        return Optional.empty();
      }
    };
  }
}
