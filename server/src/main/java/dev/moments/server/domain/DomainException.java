package dev.moments.server.domain;

/**
 * A failure the domain can name: something missing, a conflict with the current state, an invalid
 * value, or a dependency that is away. Domain packages throw these and know nothing of HTTP; the
 * HTTP layer's error handler alone turns them into status codes and the contract's error body.
 * Stack traces are not filled: these are answers, not bugs.
 */
public abstract sealed class DomainException extends RuntimeException
    permits NotFoundException, ConflictException, InvalidException, UnavailableException {

  DomainException(String message) {
    super(message, null, false, false);
  }
}
