package dev.moments.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written attributes JSON is the same JSON value as Jackson's. */
class AttributesJsonTest {
  @Test
  void writesTheSameValueAsJackson() {
    JsonObject a =
        new JsonObject()
            .put("device", "mobile")
            .put("quote\"back\\slash", "tab\tnewline\n\u0001\u001f\u007f é 😀 </script>")
            .put("n", 42)
            .put("big", 12345678901234L)
            .put("x", 0.1)
            .put("tiny", 1e-300)
            .put("neg", -2.5e20)
            .put("yes", true)
            .put("no", false)
            .put("", "");
    assertSameValue(a);
  }

  @Test
  void leavesOtherValuesToJackson() {
    JsonObject a =
        new JsonObject()
            .put("nested", new JsonObject().put("k", "v"))
            .put("list", new JsonArray().add(1))
            .put("huge", new BigInteger("123456789012345678901234567890"))
            .putNull("nothing");
    assertEquals(a.encode(), AttributesJson.encode(a));
  }

  @Test
  void decodedRequestAttributesRoundTrip() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      JsonObject a = new JsonObject();
      for (int k = random.nextInt(6); k >= 0; k--) {
        a.put(text(random), random.nextBoolean() ? text(random) : random.nextDouble() * 1e6);
      }
      assertSameValue(new JsonObject(a.encode()));
    }
  }

  private static String text(SplittableRandom random) {
    StringBuilder s = new StringBuilder();
    for (int n = random.nextInt(8); n > 0; n--) {
      s.append((char) random.nextInt(0x20 + 0x60));
    }
    return s.toString();
  }

  private static void assertSameValue(JsonObject a) {
    String encoded = AttributesJson.encode(a);
    assertEquals(new JsonObject(a.encode()), new JsonObject(encoded), encoded);
  }
}
