package dev.moments.server.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Who may connect to the embedded PostgreSQL: only a client that knows the superuser's password
 * (SCRAM-SHA-256), over TCP from 127.0.0.1. The password is generated once and kept in a file only
 * this OS user can read; the server listens on no Unix socket. A data directory written by an older
 * Moments (pg_hba {@code trust}, socket in /tmp) is switched over on start.
 */
final class LocalAccess {
  static final String PASSWORD_FILE = "postgres.password";
  static final String HBA_MARKER = "# Managed by Moments";
  static final String HBA =
      HBA_MARKER
          + ": rewritten on every start.\n"
          + "# Only password (SCRAM-SHA-256) logins over TCP from this machine; no Unix socket.\n"
          + "host all all 127.0.0.1/32 scram-sha-256\n";
  private static final SecureRandom RANDOM = new SecureRandom();

  private LocalAccess() {}

  /** The password and whether it was generated just now. */
  record Password(String value, boolean generated) {}

  /** Reads the password file, or writes a new password into it (mode 0600). */
  static Password password(Path dataDir) throws IOException {
    Path file = dataDir.resolve(PASSWORD_FILE);
    if (Files.exists(file)) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      String value = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (!value.isEmpty()) {
        return new Password(value, false);
      }
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    writePrivately(file, value);
    return new Password(value, true);
  }

  /** Whether pg_hba.conf is ours, i.e. trusts nobody. */
  static boolean hbaIsManaged(Path pgDir) throws IOException {
    Path hba = pgDir.resolve("pg_hba.conf");
    return Files.exists(hba) && Files.readString(hba).equals(HBA);
  }

  static void writeHba(Path pgDir) throws IOException {
    writePrivately(pgDir.resolve("pg_hba.conf"), HBA);
  }

  /** Written to a 0600 sibling first and moved into place, so it is never readable by others. */
  private static void writePrivately(Path file, String content) throws IOException {
    Path tmp =
        Files.createTempFile(
            file.getParent(),
            ".tmp-",
            "",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
