package dev.moments.server.rollup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link UnitState} as the bytes of {@code rollup_unit_state.state}: binary rather than JSON
 * because the worker reads and writes one per unit of every batch. A leading version byte lets a
 * later layout tell old rows apart.
 */
final class UnitStateBytes {
  /** 2 added each standing's ad flag and ad segments; a version 1 row has neither. */
  private static final int VERSION = 2;

  private UnitStateBytes() {}

  static byte[] encode(UnitState state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 96 * state.standings.size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      writeInstant(out, state.lastAt);
      out.writeLong(state.lastSeq);
      out.writeInt(state.standings.size());
      for (Map.Entry<String, UnitState.Standing> e : state.standings.entrySet()) {
        UnitState.Standing x = e.getValue();
        writeString(out, e.getKey());
        writeString(out, x.variant);
        writeInstant(out, x.firstAt);
        out.writeBoolean(x.forced);
        out.writeBoolean(x.multiple);
        for (String segment : x.segments) {
          writeString(out, segment);
        }
        out.writeBoolean(x.ad);
        out.writeInt(x.adSegments.size());
        for (Map.Entry<String, String> a : x.adSegments.entrySet()) {
          writeString(out, a.getKey());
          writeString(out, a.getValue());
        }
        out.writeInt(x.totals.size());
        for (Map.Entry<String, Double> t : x.totals.entrySet()) {
          writeString(out, t.getKey());
          out.writeDouble(t.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static UnitState decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readByte();
      if (version != VERSION && version != 1) {
        throw new IllegalStateException("unknown rollup unit state version " + version);
      }
      UnitState state = new UnitState();
      state.lastAt = readInstant(in);
      state.lastSeq = in.readLong();
      for (int n = in.readInt(); n > 0; n--) {
        String experiment = readString(in);
        String variant = readString(in);
        Instant firstAt = readInstant(in);
        boolean forced = in.readBoolean();
        boolean multiple = in.readBoolean();
        List<String> segments = new ArrayList<>(RollupRow.SEGMENT_ATTRIBUTES.size());
        for (int i = 0; i < RollupRow.SEGMENT_ATTRIBUTES.size(); i++) {
          segments.add(readString(in));
        }
        boolean ad = version >= 2 && in.readBoolean();
        Map<String, String> adSegments = new LinkedHashMap<>();
        for (int a = version >= 2 ? in.readInt() : 0; a > 0; a--) {
          adSegments.put(readString(in), readString(in));
        }
        UnitState.Standing x =
            new UnitState.Standing(variant, firstAt, forced, multiple, segments, ad, adSegments);
        for (int m = in.readInt(); m > 0; m--) {
          x.totals.put(readString(in), in.readDouble());
        }
        state.standings.put(experiment, x);
      }
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeInstant(DataOutputStream out, Instant t) throws IOException {
    out.writeBoolean(t != null);
    out.writeLong(t == null ? 0 : t.getEpochSecond());
    out.writeInt(t == null ? 0 : t.getNano());
  }

  private static Instant readInstant(DataInputStream in) throws IOException {
    boolean present = in.readBoolean();
    long seconds = in.readLong();
    int nanos = in.readInt();
    return present ? Instant.ofEpochSecond(seconds, nanos) : null;
  }

  // length-prefixed UTF-8: writeUTF stops at 64 KiB and attribute values have no such bound
  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readString(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }
}
