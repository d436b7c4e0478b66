package dev.moments.sdk;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the per-event {@code rejected} entries of a 202 ({@code {"index":i,"error":{"code",
 * "message","field"}}}) into one report per error code, naming how many events it refused and the
 * first of them, so a host sees what to fix ("unknown_field ... events[3].source").
 */
final class Rejections {
  private Rejections() {}

  /** Code to report, in the order the codes first appear. */
  static Map<String, String> byCode(List<?> rejected, List<QueuedEvent> batch) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    Map<String, String> first = new LinkedHashMap<>();
    for (Object entry : rejected) {
      Map<?, ?> item = entry instanceof Map<?, ?> m ? m : Map.of();
      Map<?, ?> error = item.get("error") instanceof Map<?, ?> e ? e : Map.of();
      String code = error.get("code") instanceof String c ? c : "unknown";
      counts.merge(code, 1, Integer::sum);
      first.computeIfAbsent(code, c -> describe(error, item.get("index"), batch));
    }
    Map<String, String> reports = new LinkedHashMap<>();
    first.forEach(
        (code, example) ->
            reports.put(
                code,
                "the server refused "
                    + counts.get(code)
                    + " of "
                    + batch.size()
                    + " events ("
                    + code
                    + "), e.g. "
                    + example
                    + "; each code is reported once, ClientStats.rejected counts them all"));
    return reports;
  }

  private static String describe(Map<?, ?> error, Object index, List<QueuedEvent> batch) {
    String what = String.valueOf(error.get("message"));
    if (error.get("field") != null) {
      what += " at " + error.get("field");
    }
    if (index instanceof Double d && d >= 0 && d < batch.size()) {
      QueuedEvent e = batch.get(d.intValue());
      what +=
          e.exposure()
              ? " (exposure of " + e.experiment() + "/" + e.variant() + ")"
              : " (conversion " + e.metric() + ")";
    }
    return what;
  }
}
