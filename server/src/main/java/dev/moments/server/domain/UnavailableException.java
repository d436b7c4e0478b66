package dev.moments.server.domain;

/** Something the request needs is away for now (the database, room in a queue); retry later. */
public final class UnavailableException extends DomainException {

  public UnavailableException(String message) {
    super(message);
  }
}
