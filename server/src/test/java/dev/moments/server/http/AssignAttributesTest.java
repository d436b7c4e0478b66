package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.moments.server.domain.InvalidException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/**
 * A client key's /assign attributes are bounded as events' are: a unit's first exposure's segment
 * attributes become a key of the rollups' primary-key index, and one /assign with an
 * 8,000-character device stopped the fold for every experiment (PostgreSQL: index row size exceeds
 * btree maximum).
 */
class AssignAttributesTest {
  private static AssignRequest parse(String attributes) {
    return AssignRequest.parse(
        Buffer.buffer("{\"unitId\":\"u\",\"moments\":[\"m\"],\"attributes\":" + attributes + "}"));
  }

  private static void refused(String attributes, String field) {
    InvalidException e = assertThrows(InvalidException.class, () -> parse(attributes));
    assertEquals("invalid_field", e.code());
    assertEquals(field, e.field());
  }

  @Test
  void aValueOver256CharactersIsRefusedWhateverItsType() {
    refused("{\"device\":\"" + "x".repeat(8000) + "\"}", "attributes.device");
    refused("{\"channel\":1" + "0".repeat(300) + "}", "attributes.channel");
    refused("{\"country\":{\"a\":\"" + "x".repeat(300) + "\"}}", "attributes.country");
    refused("{\"intent\":[\"" + "x".repeat(300) + "\"]}", "attributes.intent");
  }

  @Test
  void valuesUpTo256CharactersPass() {
    assertEquals(
        256,
        parse("{\"device\":\"" + "x".repeat(256) + "\"}")
            .attributes()
            .getString("device")
            .length());
    assertEquals(1, parse("{\"nested\":{\"deeper\":1}}").attributes().size());
  }
}
