package dev.moments.server.auth;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A person's role: each one may do what the one before it may, and more. */
public enum Role {
  VIEWER(EnumSet.of(Permission.READ)),
  EDITOR(EnumSet.of(Permission.READ, Permission.EDIT)),
  ADMIN(EnumSet.of(Permission.READ, Permission.EDIT, Permission.MANAGE));

  private final Set<Permission> permissions;

  Role(Set<Permission> permissions) {
    this.permissions = Collections.unmodifiableSet(permissions);
  }

  /** SDK operations are for SDK keys: no role includes them. */
  public Set<Permission> permissions() {
    return permissions;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromWire(String name) {
    for (Role role : values()) {
      if (role.wire().equals(name)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
