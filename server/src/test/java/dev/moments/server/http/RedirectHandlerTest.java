package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The pure parts of GET /r/{moment}: the query carried on, the unit read from the SDK's cookie. */
class RedirectHandlerTest {
  @Test
  void theQueryGoesAfterTheUrlsOwnAndBeforeItsFragmentWithoutKeyAndUnit() {
    assertEquals(
        "https://s.example/b?utm_source=g&gclid=x%2By#top",
        RedirectHandler.withQuery(
            "https://s.example/b#top", "key=pk_1&utm_source=g&unit=u&gclid=x%2By"));
    assertEquals(
        "https://s.example/a?v=1&utm_medium=cpc",
        RedirectHandler.withQuery("https://s.example/a?v=1", "utm_medium=cpc&key=pk_1"));
    assertEquals("https://s.example/a", RedirectHandler.withQuery("https://s.example/a", null));
    assertEquals(
        "https://s.example/a", RedirectHandler.withQuery("https://s.example/a", "key=k&unit=u"));
  }

  @Test
  void anEncodedKeyOrUnitIsNotHandedOnEither() {
    assertEquals(
        "https://s.example/a?utm_source=g&x=%E0%A4%A",
        RedirectHandler.withQuery(
            "https://s.example/a", "%6Bey=pk_1&%75nit=visitor-7&utm_source=g&x=%E0%A4%A"));
  }

  @Test
  void theUnitIsTheSdkRecordsIdOrTheOldIdAlone() {
    assertEquals(
        "3f2b-1",
        RedirectHandler.cookieUnit(
            "%7B%22id%22%3A%223f2b-1%22%2C%22s%22%3A%7B%22e%22%3A%22b%22%7D%7D"));
    assertEquals("visitor+42", RedirectHandler.cookieUnit("visitor+42"));
    assertEquals("a b", RedirectHandler.cookieUnit("a%20b"));
    assertNull(RedirectHandler.cookieUnit("%7B%22id%22%3A42%7D"), "an id that is not a string");
    assertNull(RedirectHandler.cookieUnit("%7Bnot json"), "an edited record");
    assertNull(RedirectHandler.cookieUnit("%E0%A4%A"), "a broken escape");
  }

  @Test
  void theUtmAttributesAreTheJsSdksFirstValueOfAtMost100CharactersNeverCut() {
    MultiMap query =
        MultiMap.caseInsensitiveMultiMap()
            .add("utm_source", "")
            .add("utm_source", "second")
            .add("utm_source", "third")
            .add("utm_campaign", "x".repeat(101))
            .add("utm_campaign", "y".repeat(100))
            .add("utm_medium", "a" + "\uD83D\uDE00".repeat(60))
            .add("gclid", "");
    assertEquals(
        new JsonObject()
            .put("utm_source", "second")
            .put("utm_campaign", "y".repeat(100))
            .put("paid", true),
        RedirectHandler.attributes(query));
  }
}
