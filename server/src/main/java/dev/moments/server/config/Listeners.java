package dev.moments.server.config;

import java.util.OptionalInt;

/**
 * Where the server listens.
 *
 * @param bind the address of the API and dashboard listener ({@code 0.0.0.0}: every IPv4 interface;
 *     {@code ::} every interface)
 * @param metricsPort the Prometheus listener's port; empty: no metrics listener
 * @param metricsBind the metrics listener's address; its page needs no key, so it listens on the
 *     loopback interface unless told otherwise
 */
public record Listeners(String bind, OptionalInt metricsPort, String metricsBind) {
  public static final Listeners DEFAULTS =
      new Listeners("0.0.0.0", OptionalInt.empty(), "127.0.0.1");

  public Listeners {
    requireAddress("MOMENTS_BIND", bind);
    requireAddress("MOMENTS_METRICS_BIND", metricsBind);
    metricsPort.ifPresent(p -> Env.inRange("MOMENTS_METRICS_PORT", p, 0, 65535));
  }

  static Listeners fromEnvironment(Env env) {
    String port = env.text("MOMENTS_METRICS_PORT");
    return new Listeners(
        env.text("MOMENTS_BIND", DEFAULTS.bind),
        port == null ? OptionalInt.empty() : OptionalInt.of(env.integer("MOMENTS_METRICS_PORT", 0)),
        env.text("MOMENTS_METRICS_BIND", DEFAULTS.metricsBind));
  }

  /** A host name or an IP address, nothing else (no scheme, port or path). */
  private static void requireAddress(String name, String value) {
    if (value == null || !value.matches("[A-Za-z0-9.:\\-\\[\\]%]{1,253}")) {
      throw new ConfigException(
          name, String.valueOf(value), "must be an IP address or a host name, such as 127.0.0.1");
    }
  }
}
