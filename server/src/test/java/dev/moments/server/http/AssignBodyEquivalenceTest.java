package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.domain.InvalidException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The streaming read of a plain /assign body ({@link PlainAssignBody}) must decide every body as
 * the general parse ({@link AssignRequest#parseTree}) does: the same record (fields, attribute
 * order and number types, moments) or the same error (code, message, field).
 */
class AssignBodyEquivalenceTest {
  private static final String[] UNIT_IDS = {
    "\"u-1\"",
    "\"\"",
    "\"caf\\u00e9\"",
    "\"a\\u0000b\"",
    "\"a\\ud800\"",
    "\"\\udc00z\"",
    "\"\\ud83d\\ude00\"",
    "\"" + "x".repeat(256) + "\"",
    "\"" + "x".repeat(257) + "\"",
    "\"" + "\\ud83d\\ude00".repeat(256) + "\"",
    "\"" + "\\ud83d\\ude00".repeat(257) + "\"",
    "5",
    "null",
    "true",
    "[\"u\"]",
    "{\"a\":1}",
    "\"tab\\tnew\\nline\"",
    "\"\\\"quoted\\\"\"",
    "1e400"
  };
  private static final String[] MOMENT_LISTS = {
    "[]",
    "[\"fmot.landing-hero\"]",
    "[\"a\",\"b.c\",\"d_e-f\"]",
    "[\"A\"]",
    "[\".a\"]",
    "[1]",
    "[null]",
    "[\"a\",[\"b\"]]",
    "\"a\"",
    "null",
    "{}",
    "[\"a\\u0000\"]",
    "[\"" + "k".repeat(200) + "\"]",
    repeatedArray(100),
    repeatedArray(101),
    "[\"a\",\"a\"]"
  };
  private static final String[] ATTRIBUTE_VALUES = {
    "\"mobile\"",
    "1",
    "-0",
    "0.5",
    "1e2",
    "1E+2",
    "123456789012345678901234567890",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "1e400",
    "1.5e-400",
    "true",
    "false",
    "null",
    "[]",
    "[1,2]",
    "{}",
    "{\"nested\":{\"deeper\":1}}",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\udbff\\udfff\"",
    "\"\\u00e9\\u4e2d\"",
    "\"\"",
    "\"Grüße\"",
    "0.1000000000000000055511151231257827",
    "\"" + "d".repeat(256) + "\"",
    "\"" + "d".repeat(257) + "\"",
    "1" + "0".repeat(255),
    "1" + "0".repeat(256),
    "0." + "1".repeat(300),
    "{\"n\":\"" + "x".repeat(300) + "\"}"
  };
  private static final String[] ATTRIBUTE_NAMES = {
    "device", "channel", "", "a\\u0000", "\\ud800", "caf\\u00e9", "unitId", "x.y", "device"
  };
  private static final String[] TRAILERS = {
    "", " ", "\n\t ", "x", "}", "{}", "[]", "1", "null", "/* c */", "// c", "\u0000", ","
  };

  @Test
  void generatedBodiesAreDecidedAlike() {
    Random random = new Random(19_1);
    int plain = 0;
    for (int i = 0; i < 40_000; i++) {
      String body = generated(random);
      if (PlainAssignBody.read(Buffer.buffer(body)) != null) {
        plain++;
      }
      assertSame(body.getBytes(StandardCharsets.UTF_8));
    }
    // the generator must reach both the plain case and the general parse's decisions
    assertTrue(plain > 2_000, "plain bodies: " + plain);
    assertTrue(plain < 38_000, "plain bodies: " + plain);
  }

  @Test
  void hostileBodiesAreDecidedAlike() {
    List<String> bodies =
        List.of(
            "",
            " ",
            "null",
            "[]",
            "\"s\"",
            "1",
            "{",
            "{}",
            "{\"unitId\":\"u\"",
            "{\"unitId\":\"u\"}",
            "{\"unitId\":\"u\",}",
            "{\"unitId\":'u'}",
            "{unitId:\"u\"}",
            "{\"unitId\":\"u\"}{\"unitId\":\"v\"}",
            "{\"unitId\":\"u\"} x",
            "{\"unitId\":\"u\",\"unitId\":\"v\"}",
            "{\"unitId\":\"u\",\"unitId\":5}",
            "{\"unitId\":5,\"unitId\":\"u\"}",
            "{\"unitId\":\"u\",\"moments\":[\"a\"],\"moments\":[\"b\"]}",
            "{\"unitId\":\"u\",\"moments\":[\"a\"],\"moments\":null}",
            "{\"unitId\":\"u\",\"attributes\":{\"a\":1},\"attributes\":{\"b\":2}}",
            "{\"unitId\":\"u\",\"attributes\":{\"a\":1,\"a\":2}}",
            "{\"unitId\":\"u\",\"attributes\":{\"a\":1,\"b\":2,\"a\":3}}",
            "{\"unitId\":\"u\",\"attributes\":null}",
            "{\"unitId\":\"u\",\"moments\":null}",
            "{\"unitId\":\"u\",\"extra\":1}",
            "{\"extra\\u0000\":1,\"unitId\":\"u\"}",
            "{\"unitId\":\"u\",\"attributes\":{\"x\":\"\\u0000\"},\"extra\":1}",
            "{\"extra\":1,\"unitId\":5}",
            "{\"unitId\":\"u\",\"attributes\":" + nested(2_000) + "}",
            "{\"unitId\":\"u\",\"attributes\":{\"n\":" + "9".repeat(2_000) + "}}",
            "{\"unitId\":\"u\",\"attributes\":{\"n\":NaN}}",
            "{\"unitId\":\"u\",\"attributes\":{\"n\":01}}",
            "{\"unitId\":\"u\",\"attributes\":{\"n\":+1}}",
            "{\"unitId\":\"u\",\"attributes\":{\"n\":.5}}",
            "{\"unitId\":\"u\",\"attributes\":" + manyAttributes(64) + "}",
            "{\"unitId\":\"u\",\"attributes\":" + manyAttributes(65) + "}",
            "{\"unitId\":\"u\",\"moments\":" + repeatedArray(100) + "}",
            "{\"unitId\":\"u\",\"moments\":" + repeatedArray(101) + "}",
            "\uFEFF{\"unitId\":\"u\"}",
            "{\"unitId\":\"\\uD83D\\uDE00\"}",
            "{\"unitId\":\"\\uDE00\\uD83D\"}",
            "{\"unitId\":\"u\",\"attributes\":{\"\\uD800\":1}}",
            "{\"unitId\":\"u\",\"attributes\":{\"ok\":\"\\uDBFF\"}}",
            "{\"unitId\":\"u\",\"attributes\":[]}",
            "{\"unitId\":\"u\",\"moments\":{}}");
    for (String body : bodies) {
      assertSame(body.getBytes(StandardCharsets.UTF_8));
    }
    // bytes that are not UTF-8, other encodings' byte order marks, a NUL byte
    assertSame(
        new byte[] {'{', '"', 'u', 'n', 'i', 't', 'I', 'd', '"', ':', '"', (byte) 0xC3, '"', '}'});
    assertSame(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '{', 0, '}'});
    assertSame(
        new byte[] {'{', '"', 'u', 'n', 'i', 't', 'I', 'd', '"', ':', '"', 'u', '"', '}', 0});
    assertSame(utf16("{\"unitId\":\"u\"}"));
    assertSame(null);
  }

  /** A body the SDKs send goes the streaming way (else the change would measure nothing). */
  @Test
  void theSdksBodyIsReadInOnePass() {
    String body =
        "{\"unitId\":\"bench-1\",\"moments\":[\"fmot.landing-hero\"],"
            + "\"attributes\":{\"device\":\"mobile\",\"channel\":\"search\"}}";
    AssignRequest plain = PlainAssignBody.read(Buffer.buffer(body));
    assertNotNull(plain);
    assertEquals(AssignRequest.parseTree(Buffer.buffer(body)), plain);
  }

  private static void assertSame(byte[] bytes) {
    Buffer body = bytes == null ? null : Buffer.buffer(bytes);
    String label = bytes == null ? "(no body)" : new String(bytes, StandardCharsets.UTF_8);
    assertEquals(
        outcome(() -> AssignRequest.parseTree(body)),
        outcome(() -> AssignRequest.parse(body)),
        label);
  }

  /** What a parse decided, comparable: the record with its attributes' encoding, or the error. */
  private static String outcome(java.util.function.Supplier<AssignRequest> parse) {
    try {
      AssignRequest r = parse.get();
      return "ok unitId="
          + r.unitId()
          + " moments="
          + r.moments()
          + " attributes="
          + (r.attributes() == null ? "absent" : r.attributes().encode() + types(r))
          + " record="
          + r.hashCode();
    } catch (InvalidException e) {
      return "invalid " + e.code() + " field=" + e.field() + " " + e.getMessage();
    } catch (ApiException e) {
      return "api " + e.status() + " " + e.getMessage();
    }
  }

  private static String types(AssignRequest r) {
    List<String> types = new ArrayList<>();
    r.attributes()
        .getMap()
        .forEach((k, v) -> types.add(v == null ? "null" : v.getClass().getName()));
    return types.toString();
  }

  private static String generated(Random random) {
    List<String> members = new ArrayList<>();
    if (random.nextInt(10) > 0) {
      members.add("\"unitId\":" + pick(random, UNIT_IDS, 0.7));
    }
    if (random.nextBoolean()) {
      members.add("\"moments\":" + pick(random, MOMENT_LISTS, 0.5));
    }
    if (random.nextBoolean()) {
      members.add("\"attributes\":" + attributes(random));
    }
    if (random.nextInt(12) == 0) {
      members.add(
          "\"" + pick(random, new String[] {"unitId", "moments", "extra", "Unitid"}, 0) + "\":1");
    }
    Collections.shuffle(members, random);
    String space = random.nextInt(8) == 0 ? " \n" : "";
    String body = "{" + space + String.join("," + space, members) + space + "}";
    if (random.nextInt(10) == 0) {
      body = body + TRAILERS[random.nextInt(TRAILERS.length)];
    }
    if (random.nextInt(25) == 0) {
      body = body.substring(0, random.nextInt(body.length() + 1));
    }
    return body;
  }

  private static String attributes(Random random) {
    if (random.nextInt(15) == 0) {
      return pick(random, new String[] {"null", "[]", "\"a\"", "1"}, 0);
    }
    List<String> members = new ArrayList<>();
    int n = random.nextInt(30) == 0 ? 60 + random.nextInt(8) : random.nextInt(5);
    for (int i = 0; i < n; i++) {
      String name = n > 8 ? "k" + i : pick(random, ATTRIBUTE_NAMES, 0.6);
      members.add("\"" + name + "\":" + pick(random, ATTRIBUTE_VALUES, 0.5));
    }
    return "{" + String.join(",", members) + "}";
  }

  /** Mostly the first (plain) entries with probability {@code plain}, else any. */
  private static String pick(Random random, String[] values, double plain) {
    if (random.nextDouble() < plain) {
      return values[random.nextInt(Math.min(2, values.length))];
    }
    return values[random.nextInt(values.length)];
  }

  private static String repeatedArray(int n) {
    return "[" + String.join(",", Collections.nCopies(n, "\"m\"")) + "]";
  }

  private static String manyAttributes(int n) {
    List<String> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      members.add("\"k" + i + "\":" + i);
    }
    return "{" + String.join(",", members) + "}";
  }

  private static String nested(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  private static byte[] utf16(String s) {
    return s.getBytes(StandardCharsets.UTF_16);
  }
}
