package dev.moments.server.domain;

/**
 * A request that is well formed but clashes with the current state (a duplicate key, an illegal
 * lifecycle move, a moment without room); {@code code} is the contract's machine code for it.
 */
public final class ConflictException extends DomainException {
  private final String code;
  private final String field;

  public ConflictException(String code, String message) {
    this(code, message, null);
  }

  /**
   * @param field the JSON path of the field whose change clashes ({@code stats.alpha}); null when
   *     no single field does
   */
  public ConflictException(String code, String message, String field) {
    super(message);
    this.code = code;
    this.field = field;
  }

  public String code() {
    return code;
  }

  /** Nullable: the field whose change clashes. */
  public String field() {
    return field;
  }
}
