package dev.moments.sdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** Reads the SDK config JSON into definitions; errors name the JSON path at fault. */
final class ConfigParser {
  private ConfigParser() {}

  static AssignmentConfig parse(String json) {
    Map<?, ?> root = JsonValues.object(Json.parse(json, Set.of("payload")), "config");
    String version =
        root.get("version") == null ? null : String.valueOf(versionText(root.get("version")));
    List<String> moments =
        objects(root, "moments", (m, path) -> JsonValues.string(m.get("key"), path + ".key"));
    return AssignmentConfig.of(
        version,
        moments,
        objects(root, "experiments", ConfigParser::experiment),
        objects(root, "holdouts", ConfigParser::holdout));
  }

  /** Each object of the optional array root[field], read with its JSON path. */
  private static <T> List<T> objects(
      Map<?, ?> root, String field, BiFunction<Map<?, ?>, String, T> read) {
    List<T> result = new ArrayList<>();
    List<?> list = root.get(field) == null ? List.of() : JsonValues.array(root.get(field), field);
    for (int i = 0; i < list.size(); i++) {
      String path = field + "[" + i + "]";
      result.add(read.apply(JsonValues.object(list.get(i), path), path));
    }
    return result;
  }

  private static HoldoutDefinition holdout(Map<?, ?> h, String path) {
    List<String> moments = null;
    if (h.get("moments") != null) {
      moments = new ArrayList<>();
      List<?> list = JsonValues.array(h.get("moments"), path + ".moments");
      for (int i = 0; i < list.size(); i++) {
        moments.add(JsonValues.string(list.get(i), path + ".moments[" + i + "]"));
      }
    }
    String key = JsonValues.string(h.get("key"), path + ".key");
    double percent = JsonValues.number(h.get("percent"), path + ".percent");
    try {
      return new HoldoutDefinition(key, percent, moments);
    } catch (IllegalArgumentException invalid) {
      throw new IllegalArgumentException(path + ": " + invalid.getMessage(), invalid);
    }
  }

  private static Object versionText(Object version) {
    // an ETag is a string, but a numeric version is harmless: keep it readable ("7", not "7.0")
    return version instanceof Double d && d == Math.rint(d) ? (Object) d.longValue() : version;
  }

  private static ExperimentDefinition experiment(Map<?, ?> e, String path) {
    try {
      double traffic = JsonValues.number(e.get("trafficPercent"), path + ".trafficPercent");
      return new ExperimentDefinition(
          JsonValues.string(e.get("key"), path + ".key"),
          JsonValues.string(e.get("moment"), path + ".moment"),
          JsonValues.string(e.get("salt"), path + ".salt"),
          JsonValues.string(e.get("status"), path + ".status"),
          traffic,
          e.containsKey("ranges")
              ? ranges(e.get("ranges"), path + ".ranges")
              : derivedRanges(traffic),
          variants(e.get("variants"), path + ".variants"),
          Targeting.fromTree(e.get("targeting")),
          JsonValues.optionalString(e.get("rollout"), path + ".rollout"),
          JsonValues.optionalBoolean(e.get("sticky"), path + ".sticky"));
    } catch (JsonException malformed) {
      throw malformed;
    } catch (IllegalArgumentException invalid) {
      throw new IllegalArgumentException(path + ": " + invalid.getMessage(), invalid);
    }
  }

  /**
   * No "ranges" (hand-written configs): [0, round(trafficPercent * 100)), half-up like Math.round.
   */
  private static List<BucketRange> derivedRanges(double trafficPercent) {
    int width = (int) Math.floor(trafficPercent * 100 + 0.5);
    return width > 0 ? List.of(new BucketRange(0, width)) : List.of();
  }

  private static List<BucketRange> ranges(Object value, String path) {
    List<BucketRange> ranges = new ArrayList<>();
    if (value == null) {
      return ranges;
    }
    List<?> list = JsonValues.array(value, path);
    for (int i = 0; i < list.size(); i++) {
      String at = path + "[" + i + "]";
      List<?> pair = JsonValues.array(list.get(i), at);
      if (pair.size() != 2) {
        throw new IllegalArgumentException(
            at + " must be [start, end], got " + pair.size() + " numbers");
      }
      ranges.add(
          new BucketRange(
              JsonValues.integer(pair.get(0), at + "[0]"),
              JsonValues.integer(pair.get(1), at + "[1]")));
    }
    return ranges;
  }

  private static List<VariantDefinition> variants(Object value, String path) {
    List<?> list = JsonValues.array(value, path);
    List<VariantDefinition> variants = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String at = path + "[" + i + "]";
      Map<?, ?> v = JsonValues.object(list.get(i), at);
      Object payload = v.get("payload");
      String payloadJson =
          payload instanceof Json.Raw raw && !raw.text().equals("null") ? raw.text() : null;
      variants.add(
          new VariantDefinition(
              JsonValues.string(v.get("key"), at + ".key"),
              JsonValues.number(v.get("weight"), at + ".weight"),
              payloadJson,
              JsonValues.optionalString(v.get("kind"), at + ".kind")));
    }
    return variants;
  }
}
