package dev.moments.server.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Lines of a reference script's output under src/test/resources/stats, split into fields. */
final class ReferenceFile {

  private ReferenceFile() {}

  static List<String[]> lines(String name) {
    try (InputStream in = ReferenceFile.class.getResourceAsStream("/stats/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /stats/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.trim().split("\\s+"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The lines whose second field names a case, grouped by case and then by {@code key} of the line
   * (e.g. its first field).
   */
  static Map<String, Map<String, String[]>> byCase(String name, Function<String[], String> key) {
    Map<String, Map<String, String[]>> cases = new TreeMap<>();
    for (String[] f : lines(name)) {
      cases.computeIfAbsent(f[1], k -> new HashMap<>()).put(key.apply(f), f);
    }
    return cases;
  }

  /** Comma-separated numbers; R's "Inf" is positive infinity. */
  static double[] numbers(String csv) {
    return Arrays.stream(csv.split(","))
        .mapToDouble(v -> v.equals("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v))
        .toArray();
  }
}
