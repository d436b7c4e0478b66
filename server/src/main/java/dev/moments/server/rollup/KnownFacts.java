package dev.moments.server.rollup;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The facts of the experiments a fold has met so far, loaded on demand in the fold's transaction;
 * an experiment that does not exist is remembered as such (null facts).
 */
final class KnownFacts implements Function<String, ExperimentFacts> {
  private final Map<String, ExperimentFacts> facts = new HashMap<>();
  private final Set<String> asked = new HashSet<>();

  /** Loads the facts of the experiments not asked for yet. */
  Future<Void> load(SqlClient sql, Collection<String> experiments) {
    List<String> missing = experiments.stream().filter(e -> !asked.contains(e)).toList();
    if (missing.isEmpty()) {
      return Future.succeededFuture();
    }
    return RollupStore.facts(sql, missing)
        .map(
            found -> {
              asked.addAll(missing);
              facts.putAll(found);
              return null;
            });
  }

  /** The experiment's facts, or null when it does not exist (or was never loaded). */
  @Override
  public ExperimentFacts apply(String experiment) {
    return facts.get(experiment);
  }
}
