package dev.moments.sdk;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Hands problems to the host's callback without flooding it: at most one report per kind per 10 s
 * of the ticker (System.nanoTime unless a test injects one, as Caffeine's Ticker), since a hot-path
 * mistake (say an invalid unit id) can repeat a million times a minute; and each error code of a
 * server-side rejection once, so that a second kind of rejection is not hidden behind the first.
 * Also holds the one "the key was refused" switch that stops all network calls.
 */
final class ErrorReporter {
  /**
   * One line per report, no stack trace: messages already name the exception, and most are
   * transient.
   */
  static final Consumer<MomentsError> LOG =
      error ->
          System.getLogger("dev.moments.sdk")
              .log(
                  System.Logger.Level.WARNING,
                  "Moments SDK " + error.kind() + ": " + error.message());

  private static final long QUIET_NANOS = 10_000_000_000L;
  private static final long NEVER = Long.MIN_VALUE;

  /** Distinct rejection codes remembered; a server inventing codes cannot flood the handler. */
  static final int MAX_CODES = 64;

  private final Consumer<MomentsError> handler;
  private final LongSupplier ticker;
  private final AtomicLongArray lastReport = new AtomicLongArray(MomentsError.Kind.values().length);
  private final Set<String> reportedCodes = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean keyRefused = new AtomicBoolean();

  ErrorReporter(Consumer<MomentsError> handler) {
    this(handler, System::nanoTime);
  }

  /**
   * @param ticker a nanosecond time source, only ever subtracted from itself
   */
  ErrorReporter(Consumer<MomentsError> handler, LongSupplier ticker) {
    this.handler = handler;
    this.ticker = ticker;
    for (int i = 0; i < lastReport.length(); i++) {
      lastReport.set(i, NEVER);
    }
  }

  void report(MomentsError.Kind kind, String message, Throwable cause) {
    if (due(kind)) {
      deliver(new MomentsError(kind, message, cause));
    }
  }

  /** The same, building the message only when it is delivered (a hot path's repeated report). */
  void report(MomentsError.Kind kind, Supplier<String> message, Throwable cause) {
    if (due(kind)) {
      deliver(new MomentsError(kind, message.get(), cause));
    }
  }

  /** True, and the window restarted, when {@code kind} was not reported in the last 10 s. */
  private boolean due(MomentsError.Kind kind) {
    int slot = kind.ordinal();
    long last = lastReport.get(slot);
    long now = ticker.getAsLong();
    return (last == NEVER || now - last >= QUIET_NANOS)
        && lastReport.compareAndSet(slot, last, now);
  }

  /**
   * Reports the first time {@code code} is seen, whenever that is (not held back by the kind's 10 s
   * window); later reports of the same code are dropped.
   */
  void reportOncePerCode(MomentsError.Kind kind, String code, String message) {
    if (reportedCodes.size() < MAX_CODES && reportedCodes.add(code)) {
      deliver(new MomentsError(kind, message, null));
    }
  }

  /** A 401/403: from now on the client makes no calls. Reported the first time only. */
  void keyRefused(int status, String what) {
    if (keyRefused.compareAndSet(false, true)) {
      deliver(
          new MomentsError(
              MomentsError.Kind.UNAUTHORIZED,
              "the server answered "
                  + status
                  + " to "
                  + what
                  + ": the SDK key is unknown or of the wrong kind; the client stops calling the server",
              null));
    }
  }

  boolean isKeyRefused() {
    return keyRefused.get();
  }

  private void deliver(MomentsError error) {
    try {
      handler.accept(error);
    } catch (RuntimeException ignored) {
      // a failing callback must not break assign or track
    }
  }
}
