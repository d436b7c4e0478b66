package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.moments.server.domain.ConflictException;
import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.NotFoundException;
import dev.moments.server.domain.UnavailableException;
import org.junit.jupiter.api.Test;

/** The one place where domain failures get their HTTP status, code and field. */
class ApiExceptionTest {

  @Test
  void notFoundIs404() {
    ApiException e = ApiException.of(new NotFoundException("Moment", "fmot.hero"));
    assertEquals(404, e.status());
    assertEquals("not_found", e.code());
    assertEquals("Moment 'fmot.hero' does not exist", e.getMessage());
    assertNull(e.field());
  }

  @Test
  void conflictIs409WithItsOwnCode() {
    ApiException e = ApiException.of(new ConflictException("moment_full", "no room"));
    assertEquals(409, e.status());
    assertEquals("moment_full", e.code());
    assertEquals("no room", e.getMessage());
  }

  @Test
  void invalidIs400WithCodeAndFieldPath() {
    ApiException e =
        ApiException.of(new InvalidException("duplicate_variant", "twice", "variants[1].key"));
    assertEquals(400, e.status());
    assertEquals("duplicate_variant", e.code());
    assertEquals("variants[1].key", e.field());
    assertEquals("invalid_field", ApiException.of(InvalidException.field("x", "bad")).code());
  }

  @Test
  void unavailableIs503() {
    ApiException e = ApiException.of(new UnavailableException("queue full"));
    assertEquals(503, e.status());
    assertEquals("unavailable", e.code());
  }
}
