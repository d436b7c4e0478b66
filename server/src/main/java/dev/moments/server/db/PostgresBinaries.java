package dev.moments.server.db;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL binaries the runnable jar carries for this platform (the {@code
 * io.zonky.test.postgres} archives), unpacked once into a directory only this user can change.
 * Unpacking into a world-writable place such as {@code /tmp} would let any local account swap the
 * {@code postgres} binary that this server then runs.
 */
final class PostgresBinaries {
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
  private static final String COMPLETE_MARKER = ".complete";

  private PostgresBinaries() {}

  /**
   * The archive for an operating system and architecture as Java names them; the macOS archives
   * hold universal binaries, so the x86_64 one serves Apple silicon too.
   */
  static Optional<String> archiveFor(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch =
        switch (osArch.toLowerCase(Locale.ROOT)) {
          case "amd64", "x86_64" -> "x86_64";
          case "aarch64", "arm64" -> "arm_64";
          default -> null;
        };
    if (arch == null) {
      return Optional.empty();
    }
    if (os.startsWith("linux")) {
      return Optional.of("postgres-linux-" + arch + ".txz");
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return Optional.of("postgres-darwin-x86_64.txz");
    }
    return Optional.empty();
  }

  static boolean shipped(String archive) {
    return PostgresBinaries.class.getResource("/" + archive) != null;
  }

  static boolean anyShipped() {
    return Stream.of(
            "postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz", "postgres-darwin-x86_64.txz")
        .anyMatch(PostgresBinaries::shipped);
  }

  /**
   * Unpacks this platform's binaries under {@code root} (once per archive content) and returns the
   * installation directory, the one holding {@code bin/postgres}.
   */
  static Path unpack(Path root) {
    String os = System.getProperty("os.name");
    String arch = System.getProperty("os.arch");
    String archive =
        archiveFor(os, arch)
            .filter(PostgresBinaries::shipped)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "this jar carries no embedded PostgreSQL for "
                            + os
                            + "/"
                            + arch
                            + "; set MOMENTS_DB_URL to a PostgreSQL 13 or newer"));
    try {
      byte[] content;
      try (InputStream in = PostgresBinaries.class.getResourceAsStream("/" + archive)) {
        content = in.readAllBytes();
      }
      Files.createDirectories(root);
      Path target = root.resolve("postgres-" + sha256(content).substring(0, 16));
      if (Files.exists(target.resolve(COMPLETE_MARKER))) {
        return target;
      }
      Path staging = root.resolve(".unpacking-" + UUID.randomUUID());
      Files.createDirectory(staging, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      extract(content, staging);
      Files.createFile(staging.resolve(COMPLETE_MARKER));
      try {
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // another process unpacked the same archive meanwhile
        deleteTree(staging);
      } catch (IOException e) {
        if (!Files.exists(target.resolve(COMPLETE_MARKER))) {
          throw e;
        }
        deleteTree(staging);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not unpack the embedded PostgreSQL into " + root + ": " + e.getMessage(), e);
    }
  }

  private static void extract(byte[] archive, Path into) throws IOException {
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(new XZInputStream(new ByteArrayInputStream(archive)))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path path = into.resolve(entry.getName()).normalize();
        if (!path.startsWith(into)) {
          throw new IOException("archive entry outside its directory: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(path.getParent());
          Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(path.getParent());
          Files.copy(tar, path);
          boolean executable = (entry.getMode() & 0100) != 0;
          Files.setPosixFilePermissions(
              path, PosixFilePermissions.fromString(executable ? "rwx------" : "rw-------"));
        }
      }
    }
  }

  private static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
