package dev.moments.server.http;

import static dev.moments.server.auth.Permission.EDIT;
import static dev.moments.server.auth.Permission.MANAGE;
import static dev.moments.server.auth.Permission.READ;
import static dev.moments.server.auth.Permission.SDK;
import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How AuthHandler finds the permission a request needs in the contract. */
class AccessRulesTest {

  private static Buffer served() throws IOException {
    try (InputStream in = AccessRulesTest.class.getResourceAsStream("/openapi.yaml")) {
      return Buffer.buffer(in.readAllBytes());
    }
  }

  private static JsonObject contract(String paths) {
    return new JsonObject("{\"paths\":" + paths + "}");
  }

  @Test
  void theServedContractIsValidAndNamesAPermissionForEveryOperation() throws IOException {
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract.from(vertx, Contract.routable(served())).await();
    } finally {
      vertx.close().await();
    }
    AccessRules rules = AccessRules.from(Contract.document(served()));
    assertEquals(Set.of(EDIT), rules.required(POST, "/api/v1/experiments/hero/start"));
    assertEquals(Set.of(READ), rules.required(GET, "/api/v1/experiments/hero/report.csv"));
    assertEquals(Set.of(MANAGE), rules.required(DELETE, "/api/v1/people/3"));
    assertEquals(Set.of(SDK), rules.required(POST, "/api/v1/events"));
    assertTrue(rules.operation(POST, "/api/v1/events").orElseThrow().queryKey());
    assertFalse(rules.operation(POST, "/api/v1/assign").orElseThrow().queryKey());
  }

  @Test
  void aLiteralSegmentWinsOverAParameterAndATrailingSlashIsTheSamePath() {
    AccessRules rules =
        AccessRules.from(
            contract(
                "{\"/a/{x}\":{\"get\":{\"operationId\":\"one\",\"security\":[{\"bearer\":[\"read\"]}]}},"
                    + "\"/a/b\":{\"get\":{\"operationId\":\"b\",\"security\":[{\"bearer\":[\"manage\"]}]}}}"));
    assertEquals("b", rules.operation(GET, "/a/b").orElseThrow().operationId());
    assertEquals("b", rules.operation(GET, "/a/b/").orElseThrow().operationId());
    assertEquals("one", rules.operation(GET, "/a/c").orElseThrow().operationId());
    assertEquals(Optional.empty(), rules.operation(GET, "/a/c/d"));
  }

  @Test
  void anotherMethodNeedsWhatThePathsOperationsNeedAndAPathOutsideTheContractNeedsRead() {
    AccessRules rules =
        AccessRules.from(
            contract(
                "{\"/k\":{\"get\":{\"operationId\":\"list\",\"security\":[{\"bearer\":[\"manage\"]}]},"
                    + "\"post\":{\"operationId\":\"add\",\"security\":[{\"bearer\":[\"edit\"]}]}}}"));
    assertEquals(Optional.empty(), rules.operation(PATCH, "/k"));
    assertEquals(Set.of(MANAGE, EDIT), rules.required(PATCH, "/k"));
    assertEquals(Set.of(READ), rules.required(GET, "/elsewhere"));
  }

  @Test
  void anOperationWithoutAPermissionStopsTheServer() {
    IllegalStateException none =
        assertThrows(
            IllegalStateException.class,
            () ->
                AccessRules.from(
                    contract(
                        "{\"/h\":{\"post\":{\"operationId\":\"createHoldout\",\"security\":[{\"bearer\":[]}]}}}")));
    assertTrue(none.getMessage().contains("createHoldout"), none.getMessage());
    IllegalStateException missing =
        assertThrows(
            IllegalStateException.class,
            () -> AccessRules.from(contract("{\"/h\":{\"get\":{\"operationId\":\"holdouts\"}}}")));
    assertTrue(missing.getMessage().contains("holdouts"), missing.getMessage());
    IllegalStateException unknown =
        assertThrows(
            IllegalStateException.class,
            () ->
                AccessRules.from(
                    contract(
                        "{\"/h\":{\"get\":{\"operationId\":\"h\",\"security\":[{\"bearer\":[\"owner\"]}]}}}")));
    assertTrue(unknown.getMessage().contains("'owner'"), unknown.getMessage());
  }

  @Test
  void anEmptySecurityListMarksAnOperationOpenToAnyone() {
    AccessRules rules =
        AccessRules.from(
            contract("{\"/health\":{\"get\":{\"operationId\":\"health\",\"security\":[]}}}"));
    assertEquals(Set.of(), rules.required(GET, "/health"));
  }
}
