package dev.moments.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The benchmark must measure the real path, not a degenerate report. */
class BenchmarkDataTest {

  @Test
  void benchmarkReportIsComplete() {
    ReportBuilderBenchmark benchmark = new ReportBuilderBenchmark();
    benchmark.segmented = true;
    benchmark.setUp();
    JsonObject report = benchmark.build();
    assertEquals(30, report.getJsonArray("timeline").size());
    assertEquals(5, report.getJsonArray("metrics").size());
    assertEquals(3, report.getJsonArray("segments").size());
    long units =
        report.getJsonArray("variants").stream()
            .mapToLong(v -> ((JsonObject) v).getLong("units"))
            .sum();
    assertEquals(999_990, units);
    for (Object metric : report.getJsonArray("metrics")) {
      for (Object c : ((JsonObject) metric).getJsonArray("comparisons")) {
        assertFalse(((JsonObject) c).containsKey("error"), c.toString());
      }
    }
  }
}
