package dev.moments.server.experiment;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.stats.Correction;
import dev.moments.server.stats.Spending;
import dev.moments.server.stats.TestMethod;
import dev.moments.server.stats.VarianceReduction;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/**
 * An experiment's {@code stats} settings as the API and the experiments table carry them, and back;
 * part of {@link ExperimentJson}'s mapping.
 */
public final class StatsJson {
  private StatsJson() {}

  /** Stats settings; the ones not given take {@link StatsSettings#DEFAULT}'s values. */
  public static StatsSettings parse(JsonObject json) {
    return json == null ? StatsSettings.DEFAULT : patch(json).applyTo(StatsSettings.DEFAULT);
  }

  /** A PATCH's {@code stats}: the settings it names, the others null (unchanged). */
  public static StatsSettings.Patch patch(JsonObject json) {
    String correction = json.getString("correction");
    String spending = json.getString("spending");
    return new StatsSettings.Patch(
        json.getDouble("alpha"),
        json.getDouble("power"),
        json.getDouble("mde"),
        method(json),
        spending == null ? null : Spending.ofApiName(spending),
        correction == null ? null : Correction.valueOf(correction.toUpperCase(Locale.ROOT)),
        json.getDouble("baseline"),
        json.getDouble("stddev"),
        varianceReduction(json.getString("varianceReduction")),
        json.getInteger("lookbackDays"));
  }

  private static VarianceReduction varianceReduction(String name) {
    try {
      return name == null ? null : VarianceReduction.ofApiName(name);
    } catch (IllegalArgumentException e) {
      throw InvalidException.field(
          "stats.varianceReduction",
          "\"varianceReduction\" must be \"cuped\" or \"none\", got \"" + name + "\".");
    }
  }

  /**
   * {@code method}, or the old boolean {@code sequential} (true: always_valid, false: fixed) when
   * only that is given. Both may come together (an experiment read back and sent again carries
   * both), but they must not contradict each other: {@code sequential} is whether the method may be
   * read before the planned sample.
   */
  private static TestMethod method(JsonObject json) {
    String name = json.getString("method");
    Boolean sequential = json.getBoolean("sequential");
    if (name == null) {
      return sequential == null ? null : TestMethod.ofSequential(sequential);
    }
    TestMethod method = TestMethod.ofApiName(name);
    if (sequential != null && sequential != method.sequential()) {
      throw InvalidException.field(
          "stats.sequential",
          "\"sequential\": "
              + sequential
              + " contradicts \"method\": \""
              + name
              + "\"; send method alone (sequential is its old name: true is always_valid, false"
              + " is fixed).");
    }
    return method;
  }

  public static JsonObject toJson(StatsSettings s) {
    JsonObject json =
        new JsonObject()
            .put("alpha", s.alpha())
            .put("power", s.power())
            .put("mde", s.mde())
            .put("method", s.method().apiName())
            .put("spending", s.spending().apiName())
            .put("sequential", s.sequential())
            .put("correction", s.correction().name().toLowerCase(Locale.ROOT))
            .put("varianceReduction", s.varianceReduction().apiName())
            .put("lookbackDays", s.lookbackDays());
    if (s.plannedBaseline() != null) {
      json.put("baseline", s.plannedBaseline());
    }
    if (s.plannedStddev() != null) {
      json.put("stddev", s.plannedStddev());
    }
    return json;
  }
}
