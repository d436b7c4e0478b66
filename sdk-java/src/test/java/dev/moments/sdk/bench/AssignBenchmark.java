package dev.moments.sdk.bench;

import dev.moments.sdk.Assigner;
import dev.moments.sdk.Assignment;
import dev.moments.sdk.AssignmentConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hot path: one moment, two variants, targeting on one attribute. Target: at most 150 ns/op and
 * no allocation (the results are precomputed, so gc.alloc.rate.norm should be ~0 B/op). Run: mvn -B
 * -q -pl sdk-java test-compile exec:exec (see sdk-java/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AssignBenchmark {
  private static final String CONFIG =
      "{\"version\":\"bench\",\"moments\":[{\"key\":\"fmot.landing-hero\",\"stage\":\"FMOT\"}],"
          + "\"experiments\":[{\"key\":\"hero-2026-11\",\"moment\":\"fmot.landing-hero\",\"salt\":\"hero-2026-11\","
          + "\"status\":\"running\",\"trafficPercent\":100,\"ranges\":[[0,10000]],"
          + "\"variants\":[{\"key\":\"control\",\"weight\":50,\"payload\":{\"layout\":\"classic\"}},"
          + "{\"key\":\"bold\",\"weight\":50,\"payload\":{\"layout\":\"bold\"}}],"
          + "\"targeting\":{\"all\":[{\"attribute\":\"device\",\"op\":\"in\",\"values\":[\"mobile\"]}]}}]}";
  private static final int IDS =
      1024; // a power of two, cycled so no single id gets constant-folded

  private AssignmentConfig config;
  private Map<String, Object> attributes;
  private String[] unitIds;
  private int next;

  @Setup
  public void setUp() {
    config = AssignmentConfig.fromJson(CONFIG);
    attributes = new HashMap<>(Map.of("device", "mobile", "channel", "search", "intent", "buy"));
    unitIds = new String[IDS];
    for (int i = 0; i < IDS; i++) {
      unitIds[i] =
          "3f2b8c1e-9d4a-4e7b-a1c2-" + String.format("%012x", i * 2654435761L & 0xffffffffffffL);
    }
  }

  @Benchmark
  public Assignment assign() {
    String unitId = unitIds[next++ & (IDS - 1)];
    return Assigner.assign(config, "fmot.landing-hero", unitId, attributes);
  }
}
