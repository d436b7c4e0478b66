package dev.moments.sdk;

/**
 * A problem the client met without throwing, handed to the builder's {@code onError} callback.
 * Errors of one kind are reported at most once per 10 seconds; {@link ClientStats} counts exactly.
 *
 * @param cause the exception behind it, or null
 */
public record MomentsError(Kind kind, String message, Throwable cause) {

  /** What went wrong. */
  public enum Kind {
    /**
     * A call got an argument it cannot use (invalid unit id, metric key, non-finite value); nothing
     * was recorded.
     */
    INVALID_ARGUMENT,
    /** The configuration could not be fetched; the client keeps assigning from the one it has. */
    CONFIG_FETCH_FAILED,
    /** The server sent a configuration the client cannot read; the previous one stays in use. */
    CONFIG_INVALID,
    /** A batch of events could not be sent and will be retried. */
    SEND_FAILED,
    /** The server refused some events (they are dropped; see the message). */
    EVENTS_REJECTED,
    /** The event queue was full, so its oldest events were dropped. */
    EVENTS_DROPPED,
    /** The key was refused (401/403): the client stops calling the server. Reported once. */
    UNAUTHORIZED,
    /**
     * The {@link StickyStore} threw: the unit was assigned as if nothing were stored, or its entry
     * was not stored.
     */
    STICKY_STORE_FAILED
  }
}
