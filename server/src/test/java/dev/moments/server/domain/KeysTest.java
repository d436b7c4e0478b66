package dev.moments.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written key check gives the regex's verdict. */
class KeysTest {
  @Test
  void agreesWithTheRegexOnEdgeCases() {
    String[] samples = {
      "",
      "a",
      "0",
      "-a",
      ".a",
      "_a",
      "a-",
      "a.b_c-d",
      "A",
      "aB",
      "a b",
      "a\n",
      "\u00e9",
      "a\u0000",
      "a".repeat(64),
      "a".repeat(65),
      "hero-2026-11",
      "k\u0131",
      "\uff41"
    };
    for (String s : samples) {
      assertEquals(Keys.matchesRegex(s), Keys.isKey(s), s);
    }
    assertEquals(false, Keys.isKey(null));
  }

  @Test
  void agreesWithTheRegexOnRandomStrings() {
    SplittableRandom random = new SplittableRandom(64);
    String alphabet = "az09._-AZ /:\u00e9\u0131\u212a";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder s = new StringBuilder();
      for (int n = random.nextInt(70); n > 0; n--) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertEquals(Keys.matchesRegex(s.toString()), Keys.isKey(s.toString()), s.toString());
    }
  }
}
