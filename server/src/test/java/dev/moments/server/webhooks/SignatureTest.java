package dev.moments.server.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SignatureTest {
  private static final String SECRET = "whsec_test_0123456789";
  private static final String BODY = "{\"id\":\"e1\",\"type\":\"srm\"}";
  private static final long T = 1_764_400_000L;

  @Test
  void signsTimestampDotBodyLikePythonsHmac() {
    // python3: hmac.new(b'whsec_test_0123456789', b'1764400000.' + body,
    // hashlib.sha256).hexdigest()
    assertEquals(
        "t=1764400000,v1=865b533712660e68143f5c593d11809545d38becd4a569395006af285c611cdd",
        Signature.header(SECRET, T, BODY));
  }

  @Test
  void aReceiverAcceptsOnlyTheSameBodyWithTheSameSecretRecently() {
    String header = Signature.header(SECRET, T, BODY);
    assertTrue(Signature.verify(SECRET, header, BODY, T + 299, 300));
    assertFalse(Signature.verify(SECRET, header, BODY, T + 301, 300), "a replay later");
    assertFalse(Signature.verify(SECRET, header, BODY.replace("srm", "xxx"), T, 300));
    assertFalse(Signature.verify("another-secret-000000", header, BODY, T, 300));
    assertFalse(
        Signature.verify(SECRET, header.replace("t=" + T, "t=" + (T + 5)), BODY, T, 300),
        "the timestamp is signed too");
    assertFalse(Signature.verify(SECRET, null, BODY, T, 300));
    assertFalse(Signature.verify(SECRET, "v1=abc,t=1", BODY, 1, 300));
    assertFalse(Signature.verify(SECRET, "t=x,v1=abc", BODY, 1, 300));
  }
}
