package dev.moments.server.experiment;

import dev.moments.server.domain.ConflictException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A group-sequential comparison's design is fixed by its first recorded look: its level, its alpha
 * spending and the plan its information fractions are read against. Changing the design after that
 * would choose alpha, or the plan, after seeing the data, the p-hacking the monitor exists to
 * prevent. So once an experiment has a recorded look, a change of its design is refused (409 {@code
 * design_frozen}, naming the field and the first look's time) and changes nothing; the name, the
 * hypothesis, the traffic, the targeting, the schedule and new metrics stay editable.
 *
 * <p>The design is: every {@code stats} setting the monitor or the plan reads (method, alpha,
 * spending, correction, power, mde, planned baseline and stddev), the primary metric (the plan is
 * its power calculation) and the role and direction of every metric that has a recorded look
 * (removing one hides looks already taken). A value sent unchanged is no change.
 */
public final class FrozenDesign {
  public static final String CODE = "design_frozen";

  /** The stats settings of the design, by the field a PATCH names them with. */
  private static final Map<String, Function<StatsSettings, Object>> STATS = designStats();

  /** The stats settings that decide the winner: fixed once the experiment has started. */
  private static final List<String> DECISION_RULE =
      List.of("stats.method", "stats.alpha", "stats.spending", "stats.correction");

  private FrozenDesign() {}

  /**
   * What the store knows of an experiment's recorded looks.
   *
   * @param firstAt when its first look was recorded; null when none was
   * @param metrics the metrics with a recorded look
   */
  public record RecordedLooks(Instant firstAt, Set<String> metrics) {
    public static final RecordedLooks NONE = new RecordedLooks(null, Set.of());

    public RecordedLooks {
      metrics = Set.copyOf(metrics);
    }

    public boolean any() {
      return firstAt != null;
    }
  }

  /**
   * @throws ConflictException when {@code after} changes the design of an experiment with looks
   */
  public static void check(Experiment before, Experiment after, RecordedLooks looks) {
    if (!looks.any()) {
      checkDecisionRule(before, after);
      return;
    }
    String field = changedField(before, after, looks.metrics());
    if (field != null) {
      throw new ConflictException(
          CODE,
          "'"
              + field
              + "' cannot change: the group-sequential design of '"
              + before.key()
              + "' is fixed by its first look, recorded at "
              + looks.firstAt()
              + ". Changing it after looking would re-read the data under a design chosen after"
              + " seeing them; start a new experiment to test with another design.",
          field);
    }
  }

  /**
   * Whatever the method, the rule that decides the winner (method, alpha, spending, correction) is
   * chosen before the data are seen: once the experiment has started, its report can be read at any
   * time (an always-valid p-value, a fixed-horizon interval), and a level picked after reading one
   * is the same p-hacking as after a recorded look. The plan (power, mde, baseline, stddev) and the
   * metrics stay editable until a group-sequential comparison has looked.
   */
  private static void checkDecisionRule(Experiment before, Experiment after) {
    if (before.status() == Status.DRAFT) {
      return;
    }
    String field = changedStats(before.stats(), after.stats(), DECISION_RULE);
    if (field != null) {
      throw new ConflictException(
          CODE,
          "'"
              + field
              + "' cannot change once '"
              + before.key()
              + "' has started: the rule that decides its winner is chosen before its data are"
              + " seen, and its report can be read at any time. Start a new experiment to test"
              + " with another rule.",
          field);
    }
  }

  /** The first of {@code fields} (named as in {@link #STATS}) whose value differs; null if none. */
  private static String changedStats(
      StatsSettings before, StatsSettings after, Collection<String> fields) {
    for (String field : fields) {
      Function<StatsSettings, Object> value = STATS.get(field);
      if (!Objects.equals(value.apply(before), value.apply(after))) {
        return field;
      }
    }
    return null;
  }

  /** The first design field {@code after} changes; null when it changes none. */
  static String changedField(Experiment before, Experiment after, Set<String> looked) {
    String stats = changedStats(before.stats(), after.stats(), STATS.keySet());
    if (stats != null) {
      return stats;
    }
    if (!before.primaryMetric().key().equals(after.primaryMetric().key())) {
      return "primaryMetric";
    }
    for (String metric : looked.stream().sorted().toList()) {
      Placement was = Placement.of(before, metric);
      Placement is = Placement.of(after, metric);
      if (!Objects.equals(was, is)) {
        return was != null ? was.role() : is.role();
      }
    }
    return null;
  }

  /** Where a metric stands: the field that lists it and its direction; null role when absent. */
  private record Placement(String role, Direction direction) {
    static Placement of(Experiment e, String metric) {
      if (e.primaryMetric().key().equals(metric)) {
        return new Placement("primaryMetric", e.primaryMetric().direction());
      }
      Placement secondary = in("secondaryMetrics", e.secondaryMetrics(), metric);
      return secondary != null ? secondary : in("guardrailMetrics", e.guardrailMetrics(), metric);
    }

    private static Placement in(String role, List<Metric> metrics, String metric) {
      return metrics.stream()
          .filter(m -> m.key().equals(metric))
          .findFirst()
          .map(m -> new Placement(role, m.direction()))
          .orElse(null);
    }
  }

  private static Map<String, Function<StatsSettings, Object>> designStats() {
    Map<String, Function<StatsSettings, Object>> stats = new LinkedHashMap<>();
    stats.put("stats.method", StatsSettings::method);
    stats.put("stats.alpha", StatsSettings::alpha);
    stats.put("stats.spending", StatsSettings::spending);
    stats.put("stats.correction", StatsSettings::correction);
    stats.put("stats.power", StatsSettings::power);
    stats.put("stats.mde", StatsSettings::mde);
    stats.put("stats.baseline", StatsSettings::plannedBaseline);
    stats.put("stats.stddev", StatsSettings::plannedStddev);
    return Collections.unmodifiableMap(stats);
  }
}
