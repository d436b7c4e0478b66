package dev.moments.sdk;

/** Malformed JSON; the message names what is wrong and where (a character offset). */
final class JsonException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  JsonException(String message, int offset) {
    super("malformed JSON at offset " + offset + ": " + message);
  }
}
