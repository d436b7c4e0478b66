package dev.moments.server.http;

import dev.moments.server.store.ExperimentStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * /api/v1/experiments/{key}/weights: the splits an experiment has run with, oldest first (a
 * bandit's updates, a sticky experiment's weight changes), read where the report reads them ({@link
 * ExperimentStore#weightHistory}).
 */
final class WeightsHandler {
  private final ExperimentStore experiments;

  WeightsHandler(ExperimentStore experiments) {
    this.experiments = experiments;
  }

  void get(RoutingContext ctx) {
    Responses.reply(
        ctx,
        200,
        experiments
            .get(ctx.pathParam("key"))
            .compose(
                e ->
                    experiments
                        .weightHistory(e)
                        .map(
                            periods -> {
                              List<String> order = e.variants().stream().map(v -> v.key()).toList();
                              JsonArray history = new JsonArray();
                              periods.forEach(
                                  p ->
                                      history.add(
                                          new JsonObject()
                                              .put("at", p.at().toString())
                                              .put("weights", ordered(p.weights(), order))
                                              .put(
                                                  "probabilityBest",
                                                  p.probabilityBest() == null
                                                      ? null
                                                      : ordered(p.probabilityBest(), order))
                                              .put("units", p.units())));
                              return new JsonObject().put("history", history);
                            })));
  }

  /** Variant by variant, in the experiment's order (an arm added later is absent before). */
  private static JsonObject ordered(Map<String, Double> byVariant, List<String> order) {
    JsonObject json = new JsonObject();
    order.stream().filter(byVariant::containsKey).forEach(k -> json.put(k, byVariant.get(k)));
    return json;
  }
}
