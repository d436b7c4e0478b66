package dev.moments.server.http;

import dev.moments.server.config.MomentsConfig;
import dev.moments.server.store.KeyStore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the HTTP verticles of one process share at the edge: the count of open connections, the
 * bytes of request bodies held, the rate limits, the dashboard's files and the JS SDK bundle. Built
 * once in {@code MomentsServer}.
 */
public final class HttpEdge {
  final AtomicInteger connections = new AtomicInteger();
  final BodyBudget bodies;
  final RateLimits limits;
  final DashboardAssets dashboard;
  final SdkScript sdkScript;

  private HttpEdge(
      BodyBudget bodies, RateLimits limits, DashboardAssets dashboard, SdkScript sdkScript) {
    this.bodies = bodies;
    this.limits = limits;
    this.dashboard = dashboard;
    this.sdkScript = sdkScript;
  }

  /** Blocking (reads the dashboard's files and the SDK bundle): call it at start-up. */
  public static HttpEdge create(MomentsConfig config, KeyStore keys) {
    return new HttpEdge(
        new BodyBudget(config.http().maxBufferedBytes()),
        new RateLimits(config.quotas(), keys, System::nanoTime),
        DashboardAssets.load(),
        SdkScript.load());
  }

  /** The JS SDK bundle this server serves. */
  public SdkScript sdkScript() {
    return sdkScript;
  }
}
