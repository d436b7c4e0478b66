package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The 10 s quiet window per kind and the once-per-code rule, on an injected ticker. */
class ErrorReporterTest {
  private final AtomicLong nanos = new AtomicLong(123_456_789L);
  private final ClientFixtures.Errors errors = new ClientFixtures.Errors();
  private final ErrorReporter reporter = new ErrorReporter(errors::add, nanos::get);

  private void advance(long amount, TimeUnit unit) {
    nanos.addAndGet(unit.toNanos(amount));
  }

  @Test
  void aKindIsReportedAtMostOncePerTenSecondsOfTheTicker() {
    for (int i = 0; i < 3; i++) {
      reporter.report(MomentsError.Kind.INVALID_ARGUMENT, "bad unit id " + i, null);
    }
    assertEquals(1, errors.count(MomentsError.Kind.INVALID_ARGUMENT));
    reporter.report(MomentsError.Kind.SEND_FAILED, "another kind has its own window", null);
    assertEquals(1, errors.count(MomentsError.Kind.SEND_FAILED));

    advance(9_999, TimeUnit.MILLISECONDS);
    reporter.report(MomentsError.Kind.INVALID_ARGUMENT, "still quiet", null);
    assertEquals(1, errors.count(MomentsError.Kind.INVALID_ARGUMENT));

    advance(1, TimeUnit.MILLISECONDS);
    reporter.report(MomentsError.Kind.INVALID_ARGUMENT, "10 s later", null);
    assertEquals(2, errors.count(MomentsError.Kind.INVALID_ARGUMENT));
    assertEquals("10 s later", errors.seen.get(errors.seen.size() - 1).message());
  }

  @Test
  void aTickerThatWrapsAroundStillCountsTenSeconds() {
    nanos.set(Long.MAX_VALUE - TimeUnit.SECONDS.toNanos(5));
    reporter.report(MomentsError.Kind.SEND_FAILED, "before the wrap", null);
    advance(6, TimeUnit.SECONDS);
    reporter.report(MomentsError.Kind.SEND_FAILED, "6 s later: still quiet", null);
    assertEquals(1, errors.count(MomentsError.Kind.SEND_FAILED));
    advance(4, TimeUnit.SECONDS);
    reporter.report(MomentsError.Kind.SEND_FAILED, "10 s after, across the wrap", null);
    assertEquals(2, errors.count(MomentsError.Kind.SEND_FAILED));
  }

  @Test
  void eachRejectionCodeIsReportedOnceWhateverTheTimeAndTheKindsWindow() {
    reporter.reportOncePerCode(MomentsError.Kind.EVENTS_REJECTED, "invalid_field", "one");
    reporter.reportOncePerCode(MomentsError.Kind.EVENTS_REJECTED, "unknown_field", "two");
    reporter.reportOncePerCode(MomentsError.Kind.EVENTS_REJECTED, "invalid_field", "again");
    assertEquals(2, errors.count(MomentsError.Kind.EVENTS_REJECTED));
    advance(1, TimeUnit.HOURS);
    reporter.reportOncePerCode(MomentsError.Kind.EVENTS_REJECTED, "invalid_field", "later");
    assertEquals(2, errors.count(MomentsError.Kind.EVENTS_REJECTED));
    reporter.reportOncePerCode(MomentsError.Kind.EVENTS_REJECTED, "missing_field", "new code");
    assertEquals(3, errors.count(MomentsError.Kind.EVENTS_REJECTED));
  }

  @Test
  void distinctCodesAreBoundedSoAHostileServerCannotFloodTheHandler() {
    for (int i = 0; i < 10_000; i++) {
      reporter.reportOncePerCode(MomentsError.Kind.EVENTS_REJECTED, "code_" + i, "m");
    }
    long reported = errors.count(MomentsError.Kind.EVENTS_REJECTED);
    assertTrue(reported >= 1 && reported <= ErrorReporter.MAX_CODES, "reported " + reported);
  }
}
