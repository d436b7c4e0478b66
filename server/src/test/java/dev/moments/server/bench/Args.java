package dev.moments.server.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code name=value} command-line options of the benchmark mains. */
final class Args {
  private Args() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException("expected name=value, got " + a);
      }
      opts.put(a.substring(0, eq), a.substring(eq + 1));
    }
    return opts;
  }
}
