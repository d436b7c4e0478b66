package dev.moments.server.auth;

/**
 * Who made a request, as authentication established it. Every caller is a stored key, the
 * configured admin key included (it is registered at start), so audit rows and status history
 * always name a key by its id.
 *
 * @param keyId the stored key's id
 * @param kind what the key may do
 * @param name the key's human name
 */
public record Caller(long keyId, KeyKind kind, String name) {
  /** Stored keys are numbered from 1; a system actor has none. */
  private static final long NO_KEY = 0;

  /**
   * The server itself acting on a schedule (the scheduler): audited by name, with no key, and
   * allowed what an admin is.
   */
  public static Caller system(String name) {
    return new Caller(NO_KEY, KeyKind.ADMIN, name);
  }

  public boolean isSystem() {
    return keyId == NO_KEY;
  }

  /** The key id to store with what this caller did: null for a system actor. */
  public Long storedKeyId() {
    return isSystem() ? null : keyId;
  }

  /** The three kinds of key: admin (everything), server and client SDK keys. */
  public enum KeyKind {
    ADMIN,
    SERVER,
    CLIENT
  }

  public boolean isAdmin() {
    return kind == KeyKind.ADMIN;
  }
}
