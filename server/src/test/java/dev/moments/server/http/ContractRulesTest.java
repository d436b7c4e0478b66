package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.domain.Keys;
import dev.moments.server.rollup.RollupRow;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The rules the contract states and the code enforces are one each in the code (Keys, RollupRow);
 * the served OpenAPI document must state the same, for outside tools and the dashboard.
 */
class ContractRulesTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schema(String name) throws IOException {
    try (InputStream in = ContractRulesTest.class.getResourceAsStream("/openapi.yaml")) {
      Map<String, Object> document = new Yaml().load(in);
      Map<String, Object> components = (Map<String, Object>) document.get("components");
      return (Map<String, Object>) ((Map<String, Object>) components.get("schemas")).get(name);
    }
  }

  @Test
  void theKeySchemaIsTheKeyRule() throws IOException {
    assertEquals("^" + Keys.REGEX + "$", schema("Key").get("pattern"));
    assertTrue(Keys.isKey("fmot.landing-hero"));
    assertFalse(Keys.isKey("Hero"));
    assertFalse(Keys.isKey("x".repeat(65)));
    assertFalse(Keys.isKey(null));
  }

  @Test
  void theSegmentAttributeSchemaListsTheRecordedAttributes() throws IOException {
    assertEquals(RollupRow.SEGMENT_ATTRIBUTES, (List<?>) schema("SegmentAttribute").get("enum"));
  }
}
