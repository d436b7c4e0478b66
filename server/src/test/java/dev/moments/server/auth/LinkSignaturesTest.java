package dev.moments.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.auth.LinkSignatures.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The link signature vouches for exactly one kind, experiment, variant and expiry. */
class LinkSignaturesTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final Instant EXPIRY = NOW.plus(Duration.ofHours(24));
  private final LinkSignatures signatures = new LinkSignatures(secret('s'));

  private static byte[] secret(char c) {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) c);
    return secret;
  }

  @Test
  void aSignatureVouchesForItsLinkUntilItExpires() {
    String sig = signatures.sign(Kind.FORCE, "hero", "bold", EXPIRY);
    assertTrue(sig.startsWith(EXPIRY.getEpochSecond() + "."), sig);
    assertTrue(signatures.verifies(sig, Kind.FORCE, "hero", "bold", NOW));
    assertTrue(signatures.verifies(sig, Kind.FORCE, "hero", "bold", EXPIRY));
    assertFalse(signatures.verifies(sig, Kind.FORCE, "hero", "bold", EXPIRY.plusSeconds(1)));
  }

  @Test
  void itVouchesForNothingElse() {
    String sig = signatures.sign(Kind.FORCE, "hero", "bold", EXPIRY);
    assertFalse(signatures.verifies(sig, Kind.AD, "hero", "bold", NOW), "another kind");
    assertFalse(signatures.verifies(sig, Kind.FORCE, "hero", "control", NOW), "another variant");
    assertFalse(signatures.verifies(sig, Kind.FORCE, "hero2", "bold", NOW), "another experiment");
    assertFalse(
        new LinkSignatures(secret('t')).verifies(sig, Kind.FORCE, "hero", "bold", NOW),
        "another server secret");
    // a later expiry with the same mac: the expiry is signed too
    String extended = (EXPIRY.getEpochSecond() + 3600) + sig.substring(sig.indexOf('.'));
    assertFalse(signatures.verifies(extended, Kind.FORCE, "hero", "bold", NOW));
  }

  @Test
  void onlyTheSignatureAsIssuedVouchesNotAnotherTextOfTheSameBytes() {
    // The last base64 character carries spare bits that a decoder drops: a text differing there
    // decodes to the same MAC (WhatCountsIT's forger passed whenever the last character was 'A').
    String sig = signatures.sign(Kind.FORCE, "hero", "bold", EXPIRY);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(sig.charAt(sig.length() - 1));
    for (int spare = 1; spare < 16; spare++) {
      String other = sig.substring(0, sig.length() - 1) + alphabet.charAt(last ^ spare);
      assertFalse(signatures.verifies(other, Kind.FORCE, "hero", "bold", NOW), other);
    }
  }

  @Test
  void malformedSignaturesDoNotVouchAndDoNotThrow() {
    for (String bad :
        new String[] {
          null,
          "",
          ".",
          "x.y",
          "123",
          "123.",
          "-1.AAAA",
          "99999999999999999999.AAAA",
          "1.%%%",
          ",,,"
        }) {
      assertFalse(signatures.verifies(bad, Kind.AD, "ad", "a", NOW), String.valueOf(bad));
    }
  }

  @Test
  void oneOfAListVouches() {
    String force = signatures.sign(Kind.FORCE, "hero", "bold", EXPIRY);
    String ad = signatures.sign(Kind.AD, "search-ad", "b", EXPIRY);
    String list = force + "," + ad + ",";
    assertTrue(signatures.verifies(list, Kind.FORCE, "hero", "bold", NOW));
    assertTrue(signatures.verifies(list, Kind.AD, "search-ad", "b", NOW));
    assertFalse(signatures.verifies(list, Kind.AD, "search-ad", "a", NOW));
  }

  @Test
  void aShortSecretIsRefusedByLength() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LinkSignatures("short".getBytes(StandardCharsets.UTF_8)));
    assertEquals("the link secret needs at least 32 bytes, got 5", e.getMessage());
  }
}
