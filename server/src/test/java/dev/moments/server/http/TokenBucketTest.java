package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aNewBucketIsFullAndRefillsAtItsRate() {
    TokenBucket bucket = new TokenBucket();
    for (int i = 0; i < 20; i++) {
      assertEquals(0, bucket.take(1, 10, 20, 0), "take " + i + " of the first 20");
    }
    long wait = bucket.take(1, 10, 20, 0);
    assertEquals(SECOND / 10, wait, "one token comes back every 100 ms");
    assertEquals(0, bucket.take(1, 10, 20, SECOND / 10));
    assertTrue(bucket.take(1, 10, 20, SECOND / 10) > 0);
    assertEquals(0, bucket.take(20, 10, 20, 5 * SECOND), "never more than the capacity");
    assertTrue(bucket.take(1, 10, 20, 5 * SECOND) > 0);
  }

  @Test
  void aBatchWaitsForAllItsTokensAndTakesNoneMeanwhile() {
    TokenBucket bucket = new TokenBucket();
    assertEquals(0, bucket.take(900, 500, 1000, 0));
    long wait = bucket.take(1000, 500, 1000, 0);
    assertEquals(900 * SECOND / 500, wait, "900 missing tokens at 500 a second");
    assertEquals(0, bucket.take(100, 500, 1000, 0), "the refused batch took nothing");
  }

  @Test
  void aNewRateAppliesToTheExistingBucketAtOnce() {
    TokenBucket bucket = new TokenBucket();
    assertEquals(0, bucket.take(100, 100, 200, 0));
    assertTrue(bucket.take(1, 1, 2, 0) == 0, "clipped to the new capacity, 2 remain");
    assertEquals(0, bucket.take(1, 1, 2, 0));
    assertEquals(SECOND, bucket.take(1, 1, 2, 0));
  }

  @Test
  void waitingForOneTokenTakesNothing() {
    TokenBucket bucket = new TokenBucket();
    assertEquals(0, bucket.waitForOne(1, 2, 0));
    assertEquals(0, bucket.take(2, 1, 2, 0));
    assertEquals(SECOND, bucket.waitForOne(1, 2, 0));
    assertEquals(SECOND / 2, bucket.waitForOne(1, 2, SECOND / 2));
    assertEquals(0, bucket.waitForOne(1, 2, SECOND));
    assertEquals(0, bucket.take(1, 1, 2, SECOND), "the look took nothing");
  }

  @Test
  void failedAuthenticationsCountPerAddressAndPerIpv6Network() {
    assertEquals("192.0.2.7", RateLimits.client(SocketAddress.inetSocketAddress(1, "192.0.2.7")));
    String a = RateLimits.client(SocketAddress.inetSocketAddress(1, "2001:db8:1:2::1"));
    String b = RateLimits.client(SocketAddress.inetSocketAddress(1, "2001:db8:1:2:ffff::9"));
    String c = RateLimits.client(SocketAddress.inetSocketAddress(1, "2001:db8:1:3::1"));
    assertEquals(a, b, "one /64 is one client");
    assertTrue(!a.equals(c));
  }
}
