package dev.moments.server.store;

import dev.moments.server.auth.Caller.KeyKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The text of an API key: 24 random bytes behind a prefix naming its kind ({@code ak_}, {@code
 * sk_}, {@code pk_}, {@code uk_}); stored only as its SHA-256 and its first characters.
 */
public final class KeyText {
  /** Clear characters kept of each key, to tell keys apart in lists and the audit log. */
  static final int PREFIX_LENGTH = 4;

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyText() {}

  /** A new key of this kind. */
  public static String generate(KeyKind kind) {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    String prefix =
        switch (kind) {
          case ADMIN -> "ak_";
          case SERVER -> "sk_";
          case CLIENT -> "pk_";
          case PERSON -> "uk_";
        };
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** What the database keeps of a key: its SHA-256, hex. */
  public static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  static String wire(KeyKind kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  static String prefix(String key) {
    return key.substring(0, Math.min(PREFIX_LENGTH, key.length()));
  }
}
