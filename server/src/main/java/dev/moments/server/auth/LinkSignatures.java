package dev.moments.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signatures for the links that make a client-key exposure forced or an ad click: a QA preview link
 * ({@code ?moments_force=hero:bold}) and an ad's landing URL ({@code ?moments_ad=search-ad:b})
 * carry {@code moments_sig=<expiry>.<mac>}, where mac is the first 128 bits of HMAC-SHA256, under a
 * server secret, of the kind ({@code force} or {@code ad}), the experiment, the variant and the
 * expiry (Unix seconds). Only the admin API issues them (see server/README.md, "What counts").
 * Pure: the secret and the time are given.
 */
public final class LinkSignatures {
  /** A signature's kind: which link parameter it vouches for. */
  public enum Kind {
    FORCE("force"),
    AD("ad");

    private final String wire;

    Kind(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    public static Kind fromWire(String value) {
      for (Kind k : values()) {
        if (k.wire.equals(value)) {
          return k;
        }
      }
      return null;
    }
  }

  static final int MAC_BYTES = 16;

  /** A {@code sig} attribute may list this many signatures, comma separated (force and ad). */
  static final int MAX_LISTED = 8;

  private static final String ALGORITHM = "HmacSHA256";
  private final byte[] secret;

  /**
   * @param secret at least 32 bytes
   */
  public LinkSignatures(byte[] secret) {
    if (secret == null || secret.length < 32) {
      throw new IllegalArgumentException(
          "the link secret needs at least 32 bytes, got "
              + (secret == null ? "none" : secret.length));
    }
    this.secret = secret.clone();
  }

  /** The {@code moments_sig} value for this link, valid until {@code expiresAt}. */
  public String sign(Kind kind, String experiment, String variant, Instant expiresAt) {
    long expiry = expiresAt.getEpochSecond();
    return expiry
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac(kind, experiment, variant, expiry));
  }

  /**
   * Whether one of the comma-separated signatures in {@code sigList} vouches for this kind,
   * experiment and variant and has not expired at {@code now}. Never throws: a malformed entry
   * simply does not vouch.
   */
  public boolean verifies(
      String sigList, Kind kind, String experiment, String variant, Instant now) {
    if (sigList == null || sigList.isEmpty()) {
      return false;
    }
    String[] entries = sigList.split(",", MAX_LISTED + 1);
    for (int i = 0; i < Math.min(entries.length, MAX_LISTED); i++) {
      if (verifiesOne(entries[i].trim(), kind, experiment, variant, now)) {
        return true;
      }
    }
    return false;
  }

  private boolean verifiesOne(
      String sig, Kind kind, String experiment, String variant, Instant now) {
    int dot = sig.indexOf('.');
    if (dot <= 0 || dot > 12) {
      return false;
    }
    long expiry;
    try {
      expiry = Long.parseLong(sig.substring(0, dot));
    } catch (NumberFormatException e) {
      return false;
    }
    if (expiry < now.getEpochSecond()) {
      return false;
    }
    // The text is compared, not its decoded bytes: a decoder ignores the last character's spare
    // bits, so several texts decode to one MAC, and a changed link must never pass as the signed
    // one.
    String expected =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(mac(kind, experiment, variant, expiry));
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII),
        sig.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
  }

  private byte[] mac(Kind kind, String experiment, String variant, long expiry) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      String message =
          "moments-link\n" + kind.wire() + "\n" + experiment + "\n" + variant + "\n" + expiry;
      return Arrays.copyOf(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)), MAC_BYTES);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
    }
  }
}
