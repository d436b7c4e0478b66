package dev.moments.server.report;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as CSV for spreadsheets: one row per metric x variant, RFC 4180 (CRLF, quoted when
 * needed). {@code direction} and {@code unit} say how to read a metric's numbers (a chance to beat
 * of a metric to decrease is the chance that it is lower).
 *
 * <p>A report split by a segment ({@code ?segment=}) adds the columns {@code segment} and {@code
 * segment_value}: the whole population's rows first (both empty), then each segment value's rows,
 * the numbers the JSON report's {@code segments} and the dashboard's segment tables show.
 */
public final class ReportCsv {

  static final List<String> HEADER =
      List.of(
          "metric",
          "role",
          "type",
          "direction",
          "unit",
          "variant",
          "units",
          "conversions",
          "mean",
          "absolute_lift",
          "relative_lift",
          "ci_low",
          "ci_high",
          "p_value",
          "adjusted_p_value",
          "chance_to_beat",
          "significant",
          "improvement");

  static final List<String> SEGMENT_HEADER = List.of("segment", "segment_value");

  private ReportCsv() {}

  /**
   * When the split changed while the experiment ran ({@code changingSplit}), the comparisons pool
   * periods of different splits: their numbers are written, but {@code significant} and {@code
   * improvement} are left empty, as the dashboard marks no such comparison a win or loss (the
   * weighted estimate and the decision are the report's).
   */
  public static String write(JsonObject report) {
    boolean pooled = report.getValue("changingSplit") != null;
    JsonArray segments = report.getJsonArray("segments");
    StringBuilder csv = new StringBuilder();
    if (segments == null) {
      line(csv, HEADER);
      rows(csv, report, pooled, List.of());
      return csv.toString();
    }
    line(csv, concat(HEADER, SEGMENT_HEADER));
    rows(csv, report, pooled, List.of("", ""));
    for (Object s : segments) {
      JsonObject segment = (JsonObject) s;
      rows(csv, segment, pooled, List.of(text(segment, "attribute"), text(segment, "value")));
    }
    return csv.toString();
  }

  /** The rows of one slice: the whole report's metrics or one segment value's. */
  private static void rows(
      StringBuilder csv, JsonObject slice, boolean pooled, List<String> segmentFields) {
    for (Object m : slice.getJsonArray("metrics", new JsonArray())) {
      JsonObject metric = (JsonObject) m;
      for (Object v : metric.getJsonArray("variants")) {
        line(csv, concat(row(metric, (JsonObject) v, pooled), segmentFields));
      }
    }
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  private static List<String> row(JsonObject metric, JsonObject variant, boolean pooled) {
    JsonObject c = comparisonFor(metric, variant.getString("key"));
    JsonArray ci = c.getJsonArray("ci", new JsonArray());
    return List.of(
        text(metric, "metric"),
        text(metric, "role"),
        text(metric, "type"),
        text(metric, "direction"),
        text(metric, "unit"),
        text(variant, "key"),
        text(variant, "units"),
        text(variant, "conversions"),
        text(variant, "mean"),
        text(c, "absoluteLift"),
        text(c, "relativeLift"),
        ci.isEmpty() ? "" : String.valueOf(ci.getValue(0)),
        ci.isEmpty() ? "" : String.valueOf(ci.getValue(1)),
        text(c, "pValue"),
        text(c, "adjustedPValue"),
        text(c, "chanceToBeat"),
        pooled ? "" : text(c, "significant"),
        pooled ? "" : text(c, "improvement"));
  }

  /**
   * The comparison of that variant against the control, or an empty object for the control itself.
   */
  private static JsonObject comparisonFor(JsonObject metric, String variant) {
    for (Object c : metric.getJsonArray("comparisons", new JsonArray())) {
      if (variant.equals(((JsonObject) c).getString("variant"))) {
        return (JsonObject) c;
      }
    }
    return new JsonObject();
  }

  private static String text(JsonObject json, String key) {
    Object value = json.getValue(key);
    return value == null ? "" : String.valueOf(value);
  }

  private static void line(StringBuilder csv, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(quote(fields.get(i)));
    }
    csv.append("\r\n");
  }

  static String quote(String field) {
    boolean needsQuotes =
        field.indexOf(',') >= 0
            || field.indexOf('"') >= 0
            || field.indexOf('\n') >= 0
            || field.indexOf('\r') >= 0;
    return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}
