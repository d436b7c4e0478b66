package dev.moments.server.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 20 item 3: a key's last use is written at most once a minute per key. */
class KeyUseTest {
  @Test
  void aKeysUseIsDueOnceAMinute() {
    AtomicLong nanos = new AtomicLong(1_000);
    KeyUse use = new KeyUse(null, nanos::get);
    assertTrue(use.due(1), "the first use");
    assertFalse(use.due(1), "again at once");
    assertTrue(use.due(2), "another key is its own");
    nanos.addAndGet(KeyUse.EVERY.toNanos() - 1);
    assertFalse(use.due(1), "just under a minute later");
    nanos.addAndGet(1);
    assertTrue(use.due(1), "a minute later");
    assertFalse(use.due(1));
  }
}
