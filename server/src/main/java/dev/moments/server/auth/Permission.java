package dev.moments.server.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * What a caller may do. Every operation of the contract requires one: its {@code security}
 * requirement names it as a role (OpenAPI 3.1 allows role names for non-OAuth schemes), e.g. {@code
 * security: [{bearer: [edit]}]}.
 */
public enum Permission {
  /** Read moments, experiments, their audit trail, reports and the power calculator. */
  READ,
  /** Create, change, start, pause and stop experiments and moments. */
  EDIT,
  /** Manage people, keys, webhooks and holdouts, and read the whole audit log. */
  MANAGE,
  /** The SDK operations: configuration, assignment and events. */
  SDK;

  /** The name the contract and the API use: {@code read}, {@code edit}, ... */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Permission> fromWire(String name) {
    for (Permission permission : values()) {
      if (permission.wire().equals(name)) {
        return Optional.of(permission);
      }
    }
    return Optional.empty();
  }
}
