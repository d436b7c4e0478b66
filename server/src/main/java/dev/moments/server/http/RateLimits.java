package dev.moments.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moments.server.auth.Caller;
import dev.moments.server.auth.KeyQuota;
import dev.moments.server.config.QuotaDefaults;
import dev.moments.server.store.KeyStore;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * The token buckets of one server process: per key on {@code /assign} (requests) and {@code
 * /events} (events), with the key's own rates or the defaults, and per client address on failed
 * authentications. Buckets hold two seconds' worth of tokens. Shared by all HTTP verticles.
 */
final class RateLimits {
  static final double BURST_SECONDS = 2;
  private static final int MAX_ADDRESSES = 100_000;
  private final QuotaDefaults defaults;
  private final LongFunction<KeyQuota> quotas;
  private final LongSupplier ticker;
  private final Map<Long, TokenBucket> assign = new ConcurrentHashMap<>();
  private final Map<Long, TokenBucket> events = new ConcurrentHashMap<>();
  // A full bucket holds nothing worth keeping, and one refills within a minute: entries not used
  // for two minutes go, and the number of addresses remembered is capped.
  private final Cache<String, TokenBucket> failures = addressTable();
  // Per key and client address, for CLIENT keys only: the key is public, so one script holding it
  // must not empty the bucket every real visitor shares. Bounded as failures.
  private final Cache<String, TokenBucket> addressAssign = addressTable();
  private final Cache<String, TokenBucket> addressEvents = addressTable();

  private static Cache<String, TokenBucket> addressTable() {
    return Caffeine.newBuilder()
        .maximumSize(MAX_ADDRESSES)
        .expireAfterAccess(Duration.ofMinutes(2))
        .executor(Runnable::run) // as ExposureCache: no thread hand-off per request
        .build();
  }

  /**
   * @param ticker nanoseconds, as {@code System::nanoTime}
   */
  RateLimits(QuotaDefaults defaults, KeyStore keys, LongSupplier ticker) {
    this(defaults, keys::quota, ticker);
  }

  RateLimits(QuotaDefaults defaults, LongFunction<KeyQuota> quotas, LongSupplier ticker) {
    this.defaults = defaults;
    this.quotas = quotas;
    this.ticker = ticker;
  }

  /**
   * One {@code /assign} request from {@code address}; empty when allowed, else the seconds to wait.
   */
  OptionalLong assign(Caller caller, String address) {
    OptionalLong own =
        perAddress(addressAssign, caller, address, 1, defaults.addressAssignPerSecond());
    if (own.isPresent()) {
      return own;
    }
    KeyQuota quota = quotas.apply(caller.keyId());
    int rate = quota.assignPerSecond().orElse(defaults.assignPerSecond());
    return take(assign, caller.keyId(), 1, rate);
  }

  /**
   * {@code count} events of one {@code /events} request from {@code address}; empty when allowed.
   */
  OptionalLong events(Caller caller, int count, String address) {
    OptionalLong own =
        perAddress(addressEvents, caller, address, count, defaults.addressEventsPerSecond());
    if (own.isPresent()) {
      return own;
    }
    KeyQuota quota = quotas.apply(caller.keyId());
    int rate = quota.eventsPerSecond().orElse(defaults.eventsPerSecond());
    return take(events, caller.keyId(), count, rate);
  }

  /** The address's share of a CLIENT key; server, admin and personal keys are trusted back ends. */
  private OptionalLong perAddress(
      Cache<String, TokenBucket> table, Caller caller, String address, int n, int rate) {
    if (rate == 0 || caller.kind() != Caller.KeyKind.CLIENT) {
      return OptionalLong.empty();
    }
    long wait =
        table
            .get(caller.keyId() + "/" + address, a -> new TokenBucket())
            .take(n, rate, rate * BURST_SECONDS, ticker.getAsLong());
    return wait == 0 ? OptionalLong.empty() : OptionalLong.of(seconds(wait));
  }

  /**
   * Whether {@code address} may have a key looked up now: empty when yes, else the seconds until it
   * may. Nothing is counted here; {@link #authenticationFailed} counts.
   */
  OptionalLong mayAuthenticate(String address) {
    TokenBucket bucket = failures.getIfPresent(address);
    if (bucket == null) {
      return OptionalLong.empty();
    }
    double perMinute = defaults.authFailuresPerMinute();
    long wait = bucket.waitForOne(perMinute / 60, perMinute, ticker.getAsLong());
    return wait == 0 ? OptionalLong.empty() : OptionalLong.of(seconds(wait));
  }

  /** A request from {@code address} failed authentication (401). */
  void authenticationFailed(String address) {
    double perMinute = defaults.authFailuresPerMinute();
    failures
        .get(address, a -> new TokenBucket())
        .take(1, perMinute / 60, perMinute, ticker.getAsLong());
  }

  /** The 429 of a key whose quota is used up. */
  static ApiException exceeded(String what, long retryAfterSeconds) {
    return ApiException.rateLimited(
        "quota_exceeded",
        "This key's quota of "
            + what
            + " per second is used up; retry in "
            + retryAfterSeconds
            + " s.",
        retryAfterSeconds);
  }

  private OptionalLong take(Map<Long, TokenBucket> buckets, long keyId, int n, int rate) {
    long wait =
        buckets
            .computeIfAbsent(keyId, id -> new TokenBucket())
            .take(n, rate, rate * BURST_SECONDS, ticker.getAsLong());
    return wait == 0 ? OptionalLong.empty() : OptionalLong.of(seconds(wait));
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }

  /**
   * The client of a request: its connection's peer. The router trusts no forwarding headers (its
   * default), so this is what the request's remoteAddress() answers, without vertx-web working out
   * the forwarded scheme, host and address of every request for it.
   */
  static String client(HttpServerRequest request) {
    return client(request.connection().remoteAddress());
  }

  /**
   * Whom failed authentications are counted against: the client's IP address, or its /64 network
   * for IPv6, where one host can hold a whole network of addresses.
   */
  static String client(SocketAddress remote) {
    String host = remote == null ? null : remote.hostAddress();
    if (host == null) {
      return "unknown";
    }
    if (host.indexOf(':') < 0) {
      return host;
    }
    try {
      byte[] bytes = InetAddress.getByName(host).getAddress();
      return bytes.length == 16
          ? HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64"
          : InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      return host;
    }
  }
}
