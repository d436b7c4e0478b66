package dev.moments.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PostgresBinariesTest {
  @Test
  void linuxAndMacOsOnBothArchitecturesHaveAnArchive() {
    assertEquals(
        Optional.of("postgres-linux-x86_64.txz"), PostgresBinaries.archiveFor("Linux", "amd64"));
    assertEquals(
        Optional.of("postgres-linux-arm_64.txz"), PostgresBinaries.archiveFor("Linux", "aarch64"));
    assertEquals(
        Optional.of("postgres-darwin-x86_64.txz"),
        PostgresBinaries.archiveFor("Mac OS X", "x86_64"));
    assertEquals(
        Optional.of("postgres-darwin-x86_64.txz"),
        PostgresBinaries.archiveFor("Mac OS X", "aarch64"),
        "the macOS archive's binaries are universal");
    assertEquals(Optional.empty(), PostgresBinaries.archiveFor("Windows 11", "amd64"));
    assertEquals(Optional.empty(), PostgresBinaries.archiveFor("Linux", "ppc64le"));
  }

  @Test
  void theRunnableJarShipsEveryArchiveItPromises() {
    for (String archive :
        new String[] {
          "postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz", "postgres-darwin-x86_64.txz"
        }) {
      assertEquals(true, PostgresBinaries.shipped(archive), archive);
    }
    assertEquals(false, PostgresBinaries.shipped("postgres-windows-x86_64.txz"));
  }
}
