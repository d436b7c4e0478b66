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
