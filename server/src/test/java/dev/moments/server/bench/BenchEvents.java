package dev.moments.server.bench;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * The benchmark's events, a pure function of their index so that the HTTP load and the COPY ceiling
 * store the same rows: one experiment, 3 variants, 4 in 5 events exposures (with a device
 * attribute), 1 in 5 conversions.
 */
final class BenchEvents {
  static final String EXPERIMENT = "bench-exp";
  static final String[] VARIANTS = {"control", "bold", "calm"};
  private static final String[] DEVICES = {"mobile", "desktop", "tablet"};
  private static final String[] METRICS = {"signup", "purchase"};

  private final int units;
  private final String runId;
  private final UnaryOperator<String> variantOfUnit;

  /**
   * @param runId keeps ids unique across runs against the same database
   */
  BenchEvents(int units, String runId) {
    this(units, runId, null);
  }

  /**
   * @param variantOfUnit the variant of each unit (null: a spread by the unit's hash code, which
   *     the fold finds implausible for a declared experiment; the ingest benchmarks do not care)
   */
  BenchEvents(int units, String runId, UnaryOperator<String> variantOfUnit) {
    this.units = units;
    this.runId = runId;
    this.variantOfUnit = variantOfUnit;
  }

  String id(long i) {
    return runId + "-" + i;
  }

  /**
   * A random-looking unit per event, so that conversions land on units exposed before (or not yet).
   */
  String unit(long i) {
    return "u" + Math.floorMod(mix(i), units);
  }

  /** SplitMix64's finalizer: a well-spread 64-bit hash of the index. */
  private static long mix(long i) {
    long z = i + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  boolean isExposure(long i) {
    return i % 5 != 4;
  }

  String variant(long i) {
    if (variantOfUnit != null) {
      return variantOfUnit.apply(unit(i));
    }
    return VARIANTS[Math.floorMod(unit(i).hashCode(), VARIANTS.length)];
  }

  String device(long i) {
    return DEVICES[Math.floorMod(unit(i).hashCode() >> 3, DEVICES.length)];
  }

  String metric(long i) {
    return METRICS[(int) ((i / 5) % METRICS.length)];
  }

  /** One event as the API takes it; the server stamps the time. */
  void appendJson(StringBuilder out, long i) {
    out.append("{\"id\":\"").append(id(i)).append("\",\"unitId\":\"").append(unit(i)).append('"');
    if (isExposure(i)) {
      out.append(",\"type\":\"exposure\",\"experiment\":\"")
          .append(EXPERIMENT)
          .append("\",\"variant\":\"")
          .append(variant(i))
          .append("\",\"attributes\":{\"device\":\"")
          .append(device(i))
          .append("\"}}");
    } else {
      out.append(",\"type\":\"conversion\",\"metric\":\"").append(metric(i)).append("\"}");
    }
  }

  /**
   * The same event as a COPY text row of (id, type, unit_id, experiment, variant, metric, value,
   * ts, attributes).
   */
  void appendCopyRow(StringBuilder out, long i, Instant ts) {
    out.append(id(i))
        .append('\t')
        .append(isExposure(i) ? "exposure" : "conversion")
        .append('\t')
        .append(unit(i));
    if (isExposure(i)) {
      out.append('\t').append(EXPERIMENT).append('\t').append(variant(i)).append("\t\\N\t\\N\t");
    } else {
      out.append("\t\\N\t\\N\t").append(metric(i)).append("\t1\t");
    }
    out.append(ts).append('\t');
    out.append(isExposure(i) ? "{\"device\": \"" + device(i) + "\"}" : "\\N").append('\n');
  }
}
