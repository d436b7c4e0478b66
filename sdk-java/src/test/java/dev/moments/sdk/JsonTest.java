package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {
  @Test
  void readsEveryKindOfValue() {
    Object tree =
        Json.parse(
            " {\"s\":\"a\\\"b\\\\c\\/\\b\\f\\n\\r\\t\",\"n\":[0,-1,2.5,1e3,1E-2,-0.5e+1],"
                + "\"t\":true,\"f\":false,\"z\":null,\"o\":{},\"a\":[]} ");
    Map<?, ?> map = (Map<?, ?>) tree;
    assertEquals("a\"b\\c/\b\f\n\r\t", map.get("s"));
    assertEquals(List.of(0.0, -1.0, 2.5, 1000.0, 0.01, -5.0), map.get("n"));
    assertEquals(true, map.get("t"));
    assertEquals(false, map.get("f"));
    assertTrue(map.containsKey("z"));
    assertNull(map.get("z"));
    assertEquals(Map.of(), map.get("o"));
    assertEquals(List.of(), map.get("a"));
    assertEquals(
        List.of("s", "n", "t", "f", "z", "o", "a"),
        List.copyOf(map.keySet()),
        "keeps member order");
  }

  @Test
  void decodesUnicodeEscapesAndSurrogatePairs() {
    assertEquals("é", Json.parse("\"\\u00e9\""));
    assertEquals("😀", Json.parse("\"\\ud83d\\ude00\""));
    assertEquals("😀", Json.parse("\"\\uD83D\\uDE00\""));
    assertEquals("日本", Json.parse("\"日本\""));
    assertEquals("\ud800", Json.parse("\"\\ud800\""), "a lone surrogate escape is kept as is");
  }

  @Test
  void keepsRawMembersAsExactSourceText() {
    Map<?, ?> map =
        (Map<?, ?>)
            Json.parse(
                "{\"payload\" :  {\"b\": [1, 2e1 ,\"\\u00e9\"]} , \"x\": {\"payload\":7}}",
                Set.of("payload"));
    assertEquals(new Json.Raw("{\"b\": [1, 2e1 ,\"\\u00e9\"]}"), map.get("payload"));
    assertEquals(Map.of("payload", new Json.Raw("7")), map.get("x"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "{",
        "}",
        "[1,]",
        "[1 2]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "{'a':1}",
        "01",
        "1.",
        ".5",
        "-",
        "+1",
        "1e",
        "1e+",
        "NaN",
        "Infinity",
        "tru",
        "nul",
        "\"abc",
        "\"a\\x\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "\"tab\there\"",
        "[1] x",
        "{\"a\":1,\"a\":2}",
        "\"\\",
        "[",
        "{\"a\":}"
      })
  void rejectsMalformedInputWithAClearMessage(String text) {
    JsonException error = assertThrows(JsonException.class, () -> Json.parse(text));
    assertTrue(error.getMessage().startsWith("malformed JSON at offset "), error.getMessage());
  }

  @Test
  void messageSaysWhatAndWhere() {
    assertEquals(
        "malformed JSON at offset 8: duplicate member name \"a\"",
        assertThrows(JsonException.class, () -> Json.parse("{\"a\":1, \"a\":2}")).getMessage());
    assertEquals(
        "malformed JSON at offset 3: expected ',' or ']' in an array, found '}'",
        assertThrows(JsonException.class, () -> Json.parse("[1 }")).getMessage());
    assertEquals(
        "malformed JSON at offset 4: unexpected '}', expected a value",
        assertThrows(JsonException.class, () -> Json.parse("[1, }")).getMessage());
  }

  @Test
  void rejectsNestingTooDeepInsteadOfOverflowingTheStack() {
    char[] open = new char[100_000];
    Arrays.fill(open, '[');
    JsonException error = assertThrows(JsonException.class, () -> Json.parse(new String(open)));
    assertTrue(error.getMessage().contains("nesting deeper than"), error.getMessage());
  }

  @Test
  void rejectsNull() {
    assertThrows(JsonException.class, () -> Json.parse(null));
  }
}
