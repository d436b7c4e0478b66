package dev.moments.server.report;

import dev.moments.server.store.SequentialLooks;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The group-sequential looks of the whole experiment's report: those recorded before (kept as they
 * were taken) and those this report takes, which the caller records. Segments and date ranges read
 * their own data and take no look.
 */
final class LookBook {
  private final Map<String, List<SequentialLooks.Look>> recorded;
  private final Instant now;
  private final List<SequentialLooks.Look> taken = Collections.synchronizedList(new ArrayList<>());

  /**
   * @param recorded the experiment's recorded looks, each comparison's in the order of their days
   * @param now when the looks this report takes are recorded
   */
  LookBook(List<SequentialLooks.Look> recorded, Instant now) {
    this.recorded =
        recorded.stream().collect(Collectors.groupingBy(l -> key(l.metric(), l.variant())));
    // as PostgreSQL keeps it: a report built again from the record shows the same instant
    this.now = now.truncatedTo(ChronoUnit.MICROS);
  }

  private static String key(String metric, String variant) {
    return metric + "\n" + variant;
  }

  List<SequentialLooks.Look> recorded(String metric, String variant) {
    return recorded.getOrDefault(key(metric, variant), List.of());
  }

  Instant now() {
    return now;
  }

  void take(List<SequentialLooks.Look> looks) {
    taken.addAll(looks);
  }

  /** The looks this report took, to be recorded. */
  List<SequentialLooks.Look> taken() {
    return List.copyOf(taken);
  }
}
