package dev.moments.server.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of t + "." + body>}, as
 * Stripe signs its webhooks. The timestamp is signed with the body, so a receiver that refuses old
 * timestamps refuses a replayed request. {@link #verify} is what a receiver does (the README shows
 * it in a few lines of other languages).
 */
public final class Signature {
  public static final String HEADER = "X-Moments-Signature";
  private static final String ALGORITHM = "HmacSHA256";

  private Signature() {}

  /** The header value for {@code body} sent at {@code unixSeconds}. */
  public static String header(String secret, long unixSeconds, String body) {
    return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
  }

  /**
   * True when one of the header's {@code v1} signatures is the body's, made at a time within {@code
   * toleranceSeconds} of {@code nowUnixSeconds}.
   */
  public static boolean verify(
      String secret, String header, String body, long nowUnixSeconds, long toleranceSeconds) {
    if (header == null) {
      return false;
    }
    Long t = null;
    String expected = null;
    boolean matched = false;
    for (String part : header.split(",")) {
      String[] kv = part.trim().split("=", 2);
      if (kv.length != 2) {
        continue;
      }
      if (kv[0].equals("t")) {
        try {
          t = Long.parseLong(kv[1]);
        } catch (NumberFormatException e) {
          return false;
        }
        expected = hmac(secret, t + "." + body);
      } else if (kv[0].equals("v1") && expected != null) {
        matched |=
            MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                kv[1].getBytes(StandardCharsets.US_ASCII));
      }
    }
    return matched && Math.abs(nowUnixSeconds - t) <= toleranceSeconds;
  }

  static String hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }
}
