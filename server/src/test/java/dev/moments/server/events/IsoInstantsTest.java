package dev.moments.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path reads exactly what OffsetDateTime.parse reads, and refuses what it refuses. */
class IsoInstantsTest {
  private static final String[] SAMPLES = {
    "2026-11-30T01:02:03Z",
    "2026-11-30T01:02:03.4Z",
    "2026-11-30T01:02:03.456Z",
    "2026-11-30T01:02:03.456789Z",
    "2026-11-30T01:02:03.123456789Z",
    "2026-11-30T01:02:03.1234567890Z",
    "2026-11-30T01:02:03.Z",
    "2026-11-30T01:02Z",
    "2026-11-30T01:02:03+01:00",
    "2026-11-30T01:02:03-00:00",
    "2026-11-30t01:02:03z",
    "2026-11-30T01:02:03z",
    "2024-02-29T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-00-01T00:00:00Z",
    "2026-11-00T00:00:00Z",
    "2026-11-30T24:00:00Z",
    "2026-11-30T23:60:00Z",
    "2026-11-30T23:59:60Z",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z",
    "+12026-11-30T01:02:03Z",
    "-2026-11-30T01:02:03Z",
    "2026-11-30 01:02:03Z",
    "2026-11-30T01:02:03",
    "2026-11-30T01:02:03ZZ",
    "2026-1-30T01:02:03.000Z",
    "2026-11-30T01:02:0٣Z",
    "２026-11-30T01:02:03Z",
    "2026-11-30T01:02:03.45٦Z",
    "",
    "Z",
  };

  @Test
  void readsWhatOffsetDateTimeReads() {
    for (String s : SAMPLES) {
      assertEquals(reference(s), actual(s), s);
    }
  }

  @Test
  void readsTheSdkFormsWithoutTheGeneralParser() {
    assertNotNull(IsoInstants.utc("2026-11-30T01:02:03.456Z"));
    assertNotNull(IsoInstants.utc("2026-11-30T01:02:03Z"));
    assertEquals(
        Instant.parse("2026-11-30T01:02:03.000456Z"),
        IsoInstants.utc("2026-11-30T01:02:03.000456Z"));
  }

  /**
   * Every one-character change of SDK-shaped timestamps: the same verdict and instant as before.
   */
  @Test
  void mutationsAgreeWithOffsetDateTime() {
    SplittableRandom random = new SplittableRandom(19);
    String alphabet = "0123456789-:.TZtz+ \u0660\uff10";
    for (int i = 0; i < 100_000; i++) {
      String base =
          Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_799L))
              .plusNanos(random.nextInt(3) == 0 ? 0 : random.nextLong(1_000_000_000L))
              .toString();
      StringBuilder s = new StringBuilder(base);
      for (int edits = random.nextInt(3); edits > 0 && s.length() > 0; edits--) {
        int at = random.nextInt(s.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> s.setCharAt(at, c);
          case 1 -> s.insert(at, c);
          default -> s.deleteCharAt(at);
        }
      }
      String text = s.toString();
      assertEquals(reference(text), actual(text), text);
    }
  }

  private static String reference(String s) {
    try {
      return OffsetDateTime.parse(s).toInstant().toString();
    } catch (DateTimeParseException e) {
      return "refused";
    }
  }

  private static String actual(String s) {
    try {
      return IsoInstants.parse(s).toString();
    } catch (DateTimeParseException e) {
      return "refused";
    }
  }
}
