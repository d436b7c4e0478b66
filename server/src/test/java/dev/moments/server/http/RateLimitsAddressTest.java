package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moments.server.auth.Caller;
import dev.moments.server.auth.Caller.KeyKind;
import dev.moments.server.auth.KeyQuota;
import dev.moments.server.config.QuotaDefaults;
import org.junit.jupiter.api.Test;

/** One visitor holding the public client key cannot empty the bucket every other visitor shares. */
class RateLimitsAddressTest {
  private static final QuotaDefaults QUOTAS = new QuotaDefaults(10_000, 50_000, 60, 5, 1_000);
  private final long[] now = {0};
  private final RateLimits limits = new RateLimits(QUOTAS, id -> KeyQuota.DEFAULT, () -> now[0]);

  @Test
  void oneAddressOverItsEventsShareIsRefusedWhileAnotherOfTheSameKeyPasses() {
    Caller client = Caller.key(7, KeyKind.CLIENT, "web");
    assertTrue(limits.events(client, 2_000, "192.0.2.1").isEmpty(), "a full two-second burst");
    assertTrue(limits.events(client, 100, "192.0.2.1").isPresent(), "A is over its share");
    assertTrue(limits.events(client, 1_000, "192.0.2.2").isEmpty(), "B of the same key passes");
    now[0] = 1_000_000_000L;
    assertTrue(limits.events(client, 1_000, "192.0.2.1").isEmpty(), "A refilled after a second");
  }

  @Test
  void oneAddressOverItsAssignShareIsRefusedWhileAnotherPasses() {
    Caller client = Caller.key(7, KeyKind.CLIENT, "web");
    for (int i = 0; i < 10; i++) {
      assertTrue(limits.assign(client, "192.0.2.1").isEmpty(), "request " + i);
    }
    assertTrue(limits.assign(client, "192.0.2.1").isPresent());
    assertTrue(limits.assign(client, "192.0.2.2").isEmpty());
  }

  @Test
  void serverAndAdminKeysHaveNoShareOfAnAddress() {
    for (KeyKind kind : new KeyKind[] {KeyKind.SERVER, KeyKind.ADMIN}) {
      Caller backEnd = Caller.key(kind.ordinal() + 1, kind, "back end");
      for (int i = 0; i < 20; i++) {
        assertFalse(limits.events(backEnd, 1_000, "192.0.2.1").isPresent(), kind + " batch " + i);
      }
    }
  }

  @Test
  void zeroTurnsTheShareOff() {
    RateLimits off =
        new RateLimits(
            new QuotaDefaults(10_000, 50_000, 60, 0, 0), id -> KeyQuota.DEFAULT, () -> 0);
    Caller client = Caller.key(7, KeyKind.CLIENT, "web");
    for (int i = 0; i < 20; i++) {
      assertTrue(off.events(client, 1_000, "192.0.2.1").isEmpty(), "batch " + i);
    }
  }
}
