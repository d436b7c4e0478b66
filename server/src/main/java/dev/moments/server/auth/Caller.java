package dev.moments.server.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who made a request, as authentication established it. Every caller is a stored key, the
 * configured admin key included (it is registered at start), so audit rows and status history
 * always name a key by its id; a personal key also names its person, whose role decides what the
 * key may do. The one exception is the server acting on its own ({@link #system}), which has no
 * key.
 *
 * @param keyId the stored key's id
 * @param kind what kind of key it is
 * @param name the person's name for a personal key, the key's name otherwise
 * @param person the person of a personal key; empty for every other kind
 */
public record Caller(long keyId, KeyKind kind, String name, Optional<Person> person) {
  /** Stored keys are numbered from 1; a system actor has none. */
  private static final long NO_KEY = 0;

  /** Admin (everything), server and client SDK keys, and personal keys (what the role allows). */
  public enum KeyKind {
    ADMIN,
    SERVER,
    CLIENT,
    PERSON;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The person behind a personal key, with the role they have now. */
  public record Person(long id, String name, String email, Role role) {}

  public Caller {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(person, "person");
    if ((kind == KeyKind.PERSON) != person.isPresent()) {
      throw new IllegalArgumentException(
          "a " + kind.wire() + " key " + (person.isPresent() ? "has no person" : "needs a person"));
    }
  }

  /** A caller with a key that belongs to no person (admin, server or client key). */
  public static Caller key(long keyId, KeyKind kind, String name) {
    return new Caller(keyId, kind, name, Optional.empty());
  }

  public static Caller person(long keyId, Person person) {
    return new Caller(keyId, KeyKind.PERSON, person.name(), Optional.of(person));
  }

  /**
   * The server itself acting on a schedule (the scheduler): audited by name, with no key and no
   * person, and allowed what the admin key is.
   */
  public static Caller system(String name) {
    return new Caller(NO_KEY, KeyKind.ADMIN, name, Optional.empty());
  }

  public boolean isSystem() {
    return keyId == NO_KEY;
  }

  /** The key id to store with what this caller did: null for a system actor. */
  public Long storedKeyId() {
    return isSystem() ? null : keyId;
  }

  /** The admin key itself (not a person with the admin role): it may also backfill events. */
  public boolean isAdmin() {
    return kind == KeyKind.ADMIN;
  }

  // Asked on every request: built once.
  private static final Set<Permission> EVERY_PERMISSION =
      Collections.unmodifiableSet(EnumSet.allOf(Permission.class));
  private static final Set<Permission> SDK_ONLY = Set.of(Permission.SDK);

  public Set<Permission> permissions() {
    return switch (kind) {
      case ADMIN -> EVERY_PERMISSION;
      case SERVER, CLIENT -> SDK_ONLY;
      case PERSON -> person.orElseThrow().role().permissions();
    };
  }

  public boolean may(Permission permission) {
    return permissions().contains(permission);
  }

  /** The role a person had, or {@code admin} for the admin key; empty for SDK keys. */
  public Optional<Role> role() {
    return switch (kind) {
      case ADMIN -> Optional.of(Role.ADMIN);
      case SERVER, CLIENT -> Optional.empty();
      case PERSON -> person.map(Person::role);
    };
  }
}
