package dev.moments.server.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * {@link LagBench}'s request bodies, each unit new: an {@code /assign} of one unit, and a batch of
 * {@link #BATCH} events (50 exposures of new units and a conversion of each), written straight into
 * a buffer from parts encoded once.
 */
final class LagBodies {
  static final int BATCH = 100;
  private final String prefix;
  private final byte[] assignEnd;
  private final byte[] exposureType;
  private final byte[] exposureVariant;
  private final byte[] conversion;
  private long next;

  /**
   * @param run this run's tag: the units of two runs never meet
   */
  LagBodies(String run, String experiment, String moment) {
    this.prefix = "lag-" + run + "-";
    this.assignEnd = bytes("\",\"moments\":[\"" + moment + "\"]}");
    this.exposureType = bytes("\",\"type\":\"exposure\",\"unitId\":\"");
    this.exposureVariant =
        bytes("\",\"experiment\":\"" + experiment + "\",\"variant\":\"control\",\"timestamp\":\"");
    this.conversion = bytes("\",\"type\":\"conversion\",\"unitId\":\"");
  }

  Buffer assign() {
    return Buffer.buffer(96)
        .appendString("{\"unitId\":\"" + prefix)
        .appendString(Long.toString(++next))
        .appendBytes(assignEnd);
  }

  Buffer batch() {
    String now = Instant.now().toString();
    String batch = prefix + "e" + ++next + "-";
    Buffer b = Buffer.buffer(24_000).appendString("{\"events\":[");
    for (int i = 0; i < BATCH / 2; i++) {
      String unit = batch + i;
      if (i > 0) {
        b.appendByte((byte) ',');
      }
      b.appendString("{\"id\":\"x-")
          .appendString(unit)
          .appendBytes(exposureType)
          .appendString(unit)
          .appendBytes(exposureVariant)
          .appendString(now)
          .appendString("\"},{\"id\":\"c-")
          .appendString(unit)
          .appendBytes(conversion)
          .appendString(unit)
          .appendString("\",\"metric\":\"signup\",\"timestamp\":\"")
          .appendString(now)
          .appendString("\"}");
    }
    return b.appendString("]}");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
