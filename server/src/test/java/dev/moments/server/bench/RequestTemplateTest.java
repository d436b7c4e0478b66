package dev.moments.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestTemplateTest {
  private final RequestTemplate template =
      new RequestTemplate(URI.create("http://127.0.0.1:8080/api/v1/assign"), "k-123", "load-ab-0-");

  @Test
  void eachRequestCarriesItsOwnUnitAndTheExactContentLength() {
    for (long n : new long[] {0, 9, 10, 12_345, Long.MAX_VALUE}) {
      String request = render(n);
      String head = request.substring(0, request.indexOf("\r\n\r\n"));
      String body = request.substring(head.length() + 4);
      assertEquals("POST /api/v1/assign HTTP/1.1", head.lines().findFirst().orElseThrow());
      assertEquals(true, head.contains("\r\nAuthorization: Bearer k-123\r\n"));
      assertEquals(
          "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length,
          head.substring(head.lastIndexOf('\n') + 1));
      JsonObject json = new JsonObject(body);
      assertEquals("load-ab-0-" + n, json.getString("unitId"));
      assertEquals("mobile", json.getJsonObject("attributes").getString("device"));
    }
  }

  private String render(long n) {
    ByteBuffer out = ByteBuffer.allocate(2048);
    template.write(out, n);
    byte[] bytes = new byte[out.remaining()];
    out.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
