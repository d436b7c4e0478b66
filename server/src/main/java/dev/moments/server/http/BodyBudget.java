package dev.moments.server.http;

import dev.moments.server.config.MomentsConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies the process holds at once, in total and per client address. The
 * client key is public, so a few clients holding the key and stalling their bodies could otherwise
 * take the whole budget and have every other caller refused; one address may hold an eighth of it
 * (at least one full body). The map only has entries for addresses with a body being read, so it is
 * bounded by the connection cap.
 */
final class BodyBudget {
  static final int ADDRESS_SHARE = 8;
  private final AtomicLong total = new AtomicLong();
  private final Map<String, Long> byAddress = new ConcurrentHashMap<>();
  private final long max;
  private final long maxPerAddress;

  BodyBudget(long max) {
    this.max = max;
    this.maxPerAddress = Math.max(MomentsConfig.MAX_BODY_BYTES, max / ADDRESS_SHARE);
  }

  /** Takes {@code bytes} for a body from {@code address}; false (nothing taken) if over budget. */
  boolean reserve(String address, long bytes) {
    if (total.addAndGet(bytes) > max) {
      total.addAndGet(-bytes);
      return false;
    }
    long held = byAddress.merge(address, bytes, Long::sum);
    if (held > maxPerAddress) {
      release(address, bytes);
      return false;
    }
    return true;
  }

  void release(String address, long bytes) {
    total.addAndGet(-bytes);
    byAddress.computeIfPresent(address, (a, held) -> held == bytes ? null : held - bytes);
  }

  long held() {
    return total.get();
  }
}
