package dev.moments.server.events;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * An event's {@code timestamp}, read as {@link OffsetDateTime#parse} reads it. That parser (the
 * general {@code DateTimeFormatter} machinery) cost more CPU than everything else in a batch of
 * events together, so the form every SDK sends, UTC with a {@code Z} ({@code
 * 2026-11-30T01:02:03.456Z}: JavaScript's {@code toISOString}, Java's {@code Instant.toString}), is
 * read by hand; any other text goes to {@code OffsetDateTime.parse}, which decides as before. The
 * fast path only ever returns what {@code OffsetDateTime.parse} would (IsoInstantsTest holds them
 * together), so nothing is accepted that was refused.
 */
final class IsoInstants {
  /** {@code yyyy-MM-ddTHH:mm:ss} then {@code Z} or a fraction of 1 to 9 digits and {@code Z}. */
  private static final int SHORTEST = 20;

  private static final int LONGEST = 30;

  private IsoInstants() {}

  /**
   * @throws DateTimeParseException when {@code OffsetDateTime.parse} would
   */
  static Instant parse(String text) {
    Instant fast = utc(text);
    return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
  }

  /** The instant of {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}; null for any other text. */
  static Instant utc(String s) {
    int n = s.length();
    if (n < SHORTEST
        || n > LONGEST
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':'
        || s.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 7);
    int day = digits(s, 8, 10);
    int hour = digits(s, 11, 13);
    int minute = digits(s, 14, 16);
    int second = digits(s, 17, 19);
    int nanos = fraction(s, n - 1);
    if ((year | month | day | hour | minute | second | nanos) < 0
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    long days;
    try {
      days = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return null; // not a real date: OffsetDateTime.parse words the refusal
    }
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The value of ASCII digits s[from, to), or -1. */
  private static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  /** The nanoseconds of s[19, end): nothing, or '.' and 1 to 9 digits; else -1. */
  private static int fraction(String s, int end) {
    if (end == 19) {
      return 0;
    }
    int places = end - 20;
    if (s.charAt(19) != '.' || places < 1 || places > 9) {
      return -1;
    }
    int value = digits(s, 20, end);
    for (int i = places; i < 9 && value >= 0; i++) {
      value *= 10;
    }
    return value;
  }
}
