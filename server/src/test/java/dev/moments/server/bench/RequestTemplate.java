package dev.moments.server.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The /assign request shape of the wrk script with a new unit id per request, encoded straight into
 * a reused buffer: the load generator shares two cores with the server it measures, so it should
 * cost as little as wrk.
 */
final class RequestTemplate {
  private final byte[] head;
  private final byte[] bodyStart;
  private final byte[] bodyEnd;

  RequestTemplate(URI url, String key, String unitPrefix) {
    head =
        ("POST "
                + url.getRawPath()
                + " HTTP/1.1\r\nHost: "
                + url.getHost()
                + "\r\nContent-Type: application/json\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + "Content-Length: ")
            .getBytes(StandardCharsets.UTF_8);
    bodyStart = ("{\"unitId\":\"" + unitPrefix).getBytes(StandardCharsets.UTF_8);
    bodyEnd =
        "\",\"moments\":[\"fmot.landing-hero\"],\"attributes\":{\"device\":\"mobile\",\"channel\":\"search\"}}"
            .getBytes(StandardCharsets.UTF_8);
  }

  /** Clears {@code out} and fills it with the request for unit number {@code n}, ready to write. */
  void write(ByteBuffer out, long n) {
    out.clear().put(head);
    putDigits(out, bodyStart.length + digitCount(n) + bodyEnd.length);
    out.put((byte) '\r').put((byte) '\n').put((byte) '\r').put((byte) '\n');
    out.put(bodyStart);
    putDigits(out, n);
    out.put(bodyEnd).flip();
  }

  private static int digitCount(long value) {
    int count = 1;
    for (long rest = value; rest >= 10; rest /= 10) {
      count++;
    }
    return count;
  }

  private static void putDigits(ByteBuffer out, long value) {
    int end = out.position() + digitCount(value);
    long rest = value;
    for (int i = end - 1; i >= out.position(); i--) {
      out.put(i, (byte) ('0' + rest % 10));
      rest /= 10;
    }
    out.position(end);
  }
}
