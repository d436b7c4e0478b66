package dev.moments.server.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The crawler list the server ships, and a replacement file named in the configuration. */
class BotFilterTest {
  private static final BotFilter SHIPPED = BotFilter.shipped();

  /** Real browsers' user agents: none of them may be left out as a crawler. */
  private static final List<String> BROWSERS =
      List.of(
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/131.0.0.0 Safari/537.36",
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko)"
              + " Version/18.1 Safari/605.1.15",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
              + " Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
          "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
          "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/131.0.0.0 Mobile Safari/537.36");

  @Test
  void everyExampleInTheShippedListIsACrawler() throws IOException {
    JsonArray entries;
    try (InputStream in =
        BotFilter.class.getClassLoader().getResourceAsStream(BotFilter.RESOURCE)) {
      entries = new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertEquals(entries.size(), SHIPPED.size());
    List<String> missed = new ArrayList<>();
    int examples = 0;
    for (Object entry : entries) {
      JsonArray instances = ((JsonObject) entry).getJsonArray("instances", new JsonArray());
      for (Object instance : instances) {
        examples++;
        if (!SHIPPED.isBot((String) instance)) {
          missed.add((String) instance);
        }
      }
    }
    assertTrue(examples > 1000, "examples: " + examples);
    assertEquals(List.of(), missed);
  }

  @Test
  void browsersAndMissingUserAgentsAreNotCrawlers() {
    for (String browser : BROWSERS) {
      assertFalse(SHIPPED.isBot(browser), browser);
    }
    assertFalse(SHIPPED.isBot(null));
    assertFalse(SHIPPED.isBot(""));
  }

  @Test
  void aLongUserAgentIsJudgedByItsStart() {
    String padding = "x".repeat(BotFilter.MAX_CHECKED_CHARS);
    assertTrue(SHIPPED.isBot("Googlebot/2.1 " + padding));
    assertFalse(SHIPPED.isBot(padding + " Googlebot/2.1"));
  }

  @Test
  void aReplacementFileReplacesTheList(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("crawlers.json");
    Files.writeString(file, "[{\"pattern\": \"InHouseMonitor\\\\/\"}]");
    BotFilter replaced = BotFilter.fromFile(file);
    assertEquals(1, replaced.size());
    assertTrue(replaced.isBot("InHouseMonitor/1.0"));
    assertFalse(replaced.isBot("Mozilla/5.0 (compatible; Googlebot/2.1)"));
  }

  @Test
  void aBrokenReplacementFileIsRefusedNamingTheEntry(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("crawlers.json");
    Files.writeString(file, "[{\"pattern\": \"ok\"}, {\"pattern\": \"(unclosed\"}]");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BotFilter.fromFile(file));
    assertTrue(e.getMessage().startsWith(file + "[1].pattern (unclosed"), e.getMessage());
    Files.writeString(file, "[{\"url\": \"no pattern\"}]");
    e = assertThrows(IllegalArgumentException.class, () -> BotFilter.fromFile(file));
    assertEquals(file + "[0] has no \"pattern\" string", e.getMessage());
  }
}
