package dev.moments.server.bench;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The /assign request shape of the wrk script with a new unit id per request, encoded straight into a reused
 * buffer: the load generator shares two cores with the server it measures, so it should cost as little as wrk.
 */
final class RequestTemplate {
  private final byte[] head;
  private final byte[] bodyStart;
  private final byte[] bodyEnd;
  private final byte[] digits = new byte[20];

  RequestTemplate(URI url, String key, String unitPrefix) {
    head = ("POST " + url.getRawPath() + " HTTP/1.1\r\nHost: " + url.getHost() + "\r\nContent-Type: application/json\r\n"
        + (key == null ? "" : "Authorization: Bearer " + key + "\r\n") + "Content-Length: ")
        .getBytes(StandardCharsets.UTF_8);
    bodyStart = ("{\"unitId\":\"" + unitPrefix).getBytes(StandardCharsets.UTF_8);
    bodyEnd = "\",\"attributes\":{\"device\":\"mobile\",\"channel\":\"search\"}}".getBytes(StandardCharsets.UTF_8);
  }

  /** Clears {@code out} and fills it with the request for unit number {@code n}, ready to write. */
  void write(ByteBuffer out, long n) {
    int idDigits = toDigits(n);
    long bodyLength = bodyStart.length + idDigits + bodyEnd.length;
    out.clear().put(head);
    out.put(digits, 0, toDigits(bodyLength)).put((byte) '\r').put((byte) '\n').put((byte) '\r').put((byte) '\n');
    out.put(bodyStart).put(digits, 0, toDigits(n)).put(bodyEnd).flip();
  }

  private int toDigits(long value) {
    int length = 1;
    for (long rest = value; rest >= 10; rest /= 10) {
      length++;
    }
    long v = value;
    for (int i = length - 1; i >= 0; i--) {
      digits[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return length;
  }
}
