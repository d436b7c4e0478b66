package dev.moments.server.domain;

/** A named thing that does not exist, such as an experiment key nobody created. */
public final class NotFoundException extends DomainException {

  /**
   * @param what a person's word for the kind of thing ("Moment", "Active key")
   * @param key the key that was asked for
   */
  public NotFoundException(String what, String key) {
    super(what + " '" + key + "' does not exist");
  }
}
