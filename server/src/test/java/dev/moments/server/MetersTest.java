package dev.moments.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class MetersTest {
  @Test
  void byteSummariesAreKeptOnceAndNeverShown() {
    PrometheusMeterRegistry registry = Meters.registry();
    Meter.MeterProvider<DistributionSummary> requestBytes =
        DistributionSummary.builder("vertx.http.server.request.bytes").withRegistry(registry);
    Tags tags = Tags.of("method", "POST");
    DistributionSummary first = requestBytes.withTags(tags);
    first.record(120);
    // the same meter again: the request path does not run the filters or take the lock each time
    assertSame(first, requestBytes.withTags(tags));
    assertEquals(0, first.count(), "a no-op");
    DistributionSummary.builder("vertx.http.server.response.bytes").register(registry).record(573);
    DistributionSummary.builder("moments.kept").register(registry).record(1);
    String page = registry.scrape();
    assertFalse(page.contains("vertx_http_server_request_bytes"), page);
    assertFalse(page.contains("vertx_http_server_response_bytes"), page);
    assertTrue(page.contains("moments_kept"), page);
  }
}
