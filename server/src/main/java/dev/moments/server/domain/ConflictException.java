package dev.moments.server.domain;

/**
 * A request that is well formed but clashes with the current state (a duplicate key, an illegal
 * lifecycle move, a moment without room); {@code code} is the contract's machine code for it.
 */
public final class ConflictException extends DomainException {
  private final String code;

  public ConflictException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
