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
import java.util.TreeMap;

/**
 * {@link UnitState} as the bytes of {@code rollup_unit_state.state}: binary rather than JSON
 * because the worker reads and writes one per unit of every batch. A leading version byte lets a
 * later layout tell old rows apart.
 */
final class UnitStateBytes {
  /**
   * 2 added each standing's ad flag and ad segments; a version 1 row has neither. 3 added each
   * standing's CUPED pre-period totals and the unit's recent daily conversions.
   */
  private static final int VERSION = 3;

  private UnitStateBytes() {}

  static byte[] encode(UnitState state) {
    return encode(state, new ByteArrayOutputStream(64 + 96 * state.standings.size()));
  }

  /**
   * As {@link #encode(UnitState)}, through {@code scratch} (emptied first), which keeps its grown
   * buffer for the next state: the worker encodes every touched unit's state of a batch, and a
   * buffer made for each was a fifth of that encoding's allocation.
   */
  static byte[] encode(UnitState state, ByteArrayOutputStream scratch) {
    scratch.reset();
    try (DataOutputStream out = new DataOutputStream(scratch)) {
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
        writeTotals(out, x.totals);
        writeTotals(out, x.pre);
      }
      out.writeInt(state.recent.byMetric.size());
      for (Map.Entry<String, TreeMap<Long, Double>> r : state.recent.byMetric.entrySet()) {
        writeString(out, r.getKey());
        out.writeInt(r.getValue().size());
        for (Map.Entry<Long, Double> d : r.getValue().entrySet()) {
          out.writeLong(d.getKey());
          out.writeDouble(d.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return scratch.toByteArray();
  }

  static UnitState decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int version = in.readByte();
      if (version < 1 || version > VERSION) {
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
        readTotals(in, x.totals);
        if (version >= 3) {
          readTotals(in, x.pre);
        }
        state.standings.put(experiment, x);
      }
      for (int r = version >= 3 ? in.readInt() : 0; r > 0; r--) {
        TreeMap<Long, Double> days = new TreeMap<>();
        state.recent.byMetric.put(readString(in), days);
        for (int d = in.readInt(); d > 0; d--) {
          days.put(in.readLong(), in.readDouble());
        }
      }
      return state;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeTotals(DataOutputStream out, Map<String, Double> totals)
      throws IOException {
    out.writeInt(totals.size());
    for (Map.Entry<String, Double> t : totals.entrySet()) {
      writeString(out, t.getKey());
      out.writeDouble(t.getValue());
    }
  }

  private static void readTotals(DataInputStream in, Map<String, Double> into) throws IOException {
    for (int m = in.readInt(); m > 0; m--) {
      into.put(readString(in), in.readDouble());
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
