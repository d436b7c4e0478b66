package dev.moments.server.domain;

/**
 * Input the domain refuses, with the contract's machine code and the JSON path of the field at
 * fault ({@code variants[1].weight}), or null when no single field is.
 */
public final class InvalidException extends DomainException {
  private final String code;
  private final String field;

  public InvalidException(String code, String message, String field) {
    super(message);
    this.code = code;
    this.field = field;
  }

  /** The common case: one field holds a value the rules refuse. */
  public static InvalidException field(String field, String message) {
    return new InvalidException("invalid_field", message, field);
  }

  public String code() {
    return code;
  }

  public String field() {
    return field;
  }
}
