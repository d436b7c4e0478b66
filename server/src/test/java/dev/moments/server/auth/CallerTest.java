package dev.moments.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.Caller.Person;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each kind of key and each role may do. */
class CallerTest {
  private static Caller person(Role role) {
    return Caller.person(7, new Person(3, "Ana Lima", "ana@example.com", role));
  }

  @Test
  void eachRoleAddsToTheOneBefore() {
    assertEquals(Set.of(Permission.READ), person(Role.VIEWER).permissions());
    assertEquals(Set.of(Permission.READ, Permission.EDIT), person(Role.EDITOR).permissions());
    assertEquals(
        Set.of(Permission.READ, Permission.EDIT, Permission.MANAGE),
        person(Role.ADMIN).permissions());
  }

  @Test
  void theAdminKeyMayDoEverythingAndSdkKeysOnlyTheSdkCalls() {
    assertEquals(
        EnumSet.allOf(Permission.class), Caller.key(1, KeyKind.ADMIN, "admin").permissions());
    assertEquals(Set.of(Permission.SDK), Caller.key(2, KeyKind.CLIENT, "web").permissions());
    assertEquals(Set.of(Permission.SDK), Caller.key(3, KeyKind.SERVER, "api").permissions());
    assertFalse(person(Role.ADMIN).may(Permission.SDK), "people do not call the SDK operations");
    assertFalse(person(Role.ADMIN).isAdmin(), "only the admin key backfills events");
    assertTrue(Caller.key(1, KeyKind.ADMIN, "admin").isAdmin());
  }

  @Test
  void aPersonalKeyNamesItsPersonAndNoOtherKeyDoes() {
    assertEquals("Ana Lima", person(Role.VIEWER).name());
    assertEquals(Optional.of(Role.VIEWER), person(Role.VIEWER).role());
    assertEquals(Optional.empty(), Caller.key(2, KeyKind.CLIENT, "web").role());
    assertThrows(IllegalArgumentException.class, () -> Caller.key(2, KeyKind.PERSON, "who?"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Caller(
                1, KeyKind.ADMIN, "admin", Optional.of(new Person(1, "x", "x@y.z", Role.ADMIN))));
  }

  @Test
  void wireNamesRoundTrip() {
    for (Role role : Role.values()) {
      assertEquals(Optional.of(role), Role.fromWire(role.wire()));
    }
    for (Permission permission : Permission.values()) {
      assertEquals(Optional.of(permission), Permission.fromWire(permission.wire()));
    }
    assertEquals(Optional.empty(), Role.fromWire("owner"));
  }
}
