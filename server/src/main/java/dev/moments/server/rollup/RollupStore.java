package dev.moments.server.rollup;

import dev.moments.sdk.VariantDefinition;
import dev.moments.server.experiment.Experiment;
import dev.moments.server.experiment.ExperimentJson;
import dev.moments.server.experiment.ExperimentMetricsJson;
import dev.moments.server.experiment.StatsJson;
import dev.moments.server.experiment.Variant;
import dev.moments.server.stats.CovariateMoments;
import dev.moments.server.stats.SampleStats;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The table the folders add to, {@code rollups} (or the rebuild's scratch copy), and the
 * experiments' rules they fold by; table names are constants of this package, never input. The
 * per-unit tables are written by {@link UnitWrites}, the inbox has its own class, {@link Inbox}.
 */
final class RollupStore {
  private RollupStore() {}

  /**
   * The facts of each named experiment that exists (unknown experiments are absent): variants,
   * salt, status history and fold rules (declared funnel, caps), in one round trip.
   */
  static Future<Map<String, ExperimentFacts>> facts(SqlClient sql, Collection<String> experiments) {
    return sql.preparedQuery(
            """
            SELECT e.key, e.salt, e.variants, e.primary_metric, e.secondary_metrics,
                   e.guardrail_metrics, e.funnel,
                   (SELECT json_agg(json_build_array(t.status, t.at) ORDER BY t.at, t.id)
                    FROM (SELECT h.to_status AS status, h.changed_at AS at, h.id
                          FROM experiment_status_history h WHERE h.experiment = e.key
                          UNION ALL
                          SELECT 'stopped', e.stop_at, 9223372036854775807
                          WHERE e.stop_at IS NOT NULL AND e.status IN ('running', 'paused')) t)::text,
                   (SELECT json_agg(json_build_array(v.variants, v.replaced_at) ORDER BY v.id)
                    FROM experiment_variant_history v WHERE v.experiment = e.key)::text,
                   e.stats, e.sticky
            FROM experiments e WHERE e.key = ANY($1::text[])""")
        .execute(Tuple.of(experiments.toArray(new String[0])))
        .map(
            rows -> {
              Map<String, ExperimentFacts> facts = new HashMap<>();
              for (Row r : rows) {
                ExperimentFacts f = facts(r);
                facts.put(f.key(), f);
              }
              return facts;
            })
        .compose(facts -> withHoldouts(sql, experiments, facts));
  }

  /** Adds the facts of the named keys that are holdouts (their keys are never experiments'). */
  private static Future<Map<String, ExperimentFacts>> withHoldouts(
      SqlClient sql, Collection<String> keys, Map<String, ExperimentFacts> facts) {
    String[] rest = keys.stream().filter(k -> !facts.containsKey(k)).toArray(String[]::new);
    if (rest.length == 0) {
      return Future.succeededFuture(facts);
    }
    return sql.preparedQuery(
            "SELECT key, percent::float8, created_at, ended_at FROM holdouts WHERE key = ANY($1)")
        .execute(Tuple.of((Object) rest))
        .map(
            rows -> {
              for (Row r : rows) {
                OffsetDateTime ended = r.getOffsetDateTime(3);
                facts.put(
                    r.getString(0),
                    ExperimentFacts.holdout(
                        r.getString(0),
                        r.getDouble(1),
                        r.getOffsetDateTime(2).toInstant(),
                        ended == null ? null : ended.toInstant()));
              }
              return facts;
            });
  }

  private static ExperimentFacts facts(Row r) {
    Experiment e =
        Experiment.builder()
            .key(r.getString(0))
            .primaryMetric(ExperimentMetricsJson.metric(r.getValue(3)))
            .secondaryMetrics(ExperimentMetricsJson.metrics((JsonArray) r.getValue(4)))
            .guardrailMetrics(ExperimentMetricsJson.metrics((JsonArray) r.getValue(5)))
            .funnel(ExperimentMetricsJson.funnel((JsonArray) r.getValue(6)))
            .stats(StatsJson.parse((JsonObject) r.getValue(9)))
            .build();
    List<VariantDefinition> variants = definitions((JsonArray) r.getValue(2));
    List<ExperimentFacts.Replaced> earlier = new ArrayList<>();
    String earlierJson = r.getString(8);
    if (earlierJson != null) {
      for (Object set : new JsonArray(earlierJson)) {
        JsonArray replaced = (JsonArray) set;
        earlier.add(
            new ExperimentFacts.Replaced(
                definitions(replaced.getJsonArray(0)),
                OffsetDateTime.parse(replaced.getString(1)).toInstant()));
      }
    }
    List<ExperimentFacts.Transition> history = new ArrayList<>();
    String historyJson = r.getString(7);
    if (historyJson != null) {
      for (Object change : new JsonArray(historyJson)) {
        JsonArray c = (JsonArray) change;
        history.add(
            new ExperimentFacts.Transition(
                c.getString(0), OffsetDateTime.parse(c.getString(1)).toInstant()));
      }
    }
    return ExperimentFacts.replaced(
            e.key(), r.getString(1), variants, earlier, history, FoldRules.of(e))
        .keepingPeriods(Boolean.TRUE.equals(r.getBoolean(10)));
  }

  private static List<VariantDefinition> definitions(JsonArray json) {
    List<VariantDefinition> variants = new ArrayList<>();
    for (Variant v : ExperimentJson.variants(json)) {
      variants.add(new VariantDefinition(v.key(), v.weight(), null, v.kind().wire()));
    }
    return variants;
  }

  static Future<Void> addToRollups(
      SqlClient sql, String table, Map<RollupKey, SampleStats> deltas) {
    int n = deltas.size();
    if (n == 0) {
      return Future.succeededFuture();
    }
    String[] experiment = new String[n], metric = new String[n], variant = new String[n];
    String[] attribute = new String[n], value = new String[n];
    LocalDate[] day = new LocalDate[n];
    Long[] units = new Long[n], converted = new Long[n];
    Double[] sum = new Double[n], sumSquares = new Double[n];
    String[] covariates = new String[n];
    int i = 0;
    for (Map.Entry<RollupKey, SampleStats> e : inKeyOrder(deltas)) {
      RollupKey k = e.getKey();
      experiment[i] = k.experiment();
      metric[i] = k.metric();
      variant[i] = k.variant();
      day[i] = k.day();
      attribute[i] = k.segmentAttribute();
      value[i] = k.segmentValue();
      SampleStats stats = e.getValue();
      units[i] = stats.n();
      converted[i] = stats.converted();
      sum[i] = stats.sum();
      sumSquares[i] = stats.sumSquares();
      covariates[i] = arrayLiteral(stats.covariates());
      i++;
    }
    // covariates travel as array literals (a text[] of them): unnest would flatten a float8[][]
    return sql.preparedQuery(
            "INSERT INTO "
                + table
                + """
             AS r (experiment, metric, variant, day, segment_attribute, segment_value, units, converted, sum, sum_squares,
                   covariates)
            SELECT e, m, v, d, sa, sv, u, c, s, ss, cov::float8[]
            FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::int8[],
                        $8::int8[], $9::float8[], $10::float8[], $11::text[]) AS t(e, m, v, d, sa, sv, u, c, s, ss, cov)
            ON CONFLICT (experiment, segment_attribute, metric, variant, day, segment_value) DO UPDATE SET
              units = r.units + excluded.units, converted = r.converted + excluded.converted,
              sum = r.sum + excluded.sum, sum_squares = r.sum_squares + excluded.sum_squares,
              covariates = CASE WHEN excluded.covariates IS NULL THEN r.covariates
                                WHEN r.covariates IS NULL THEN excluded.covariates
                                ELSE ARRAY(SELECT coalesce(a, 0) + coalesce(b, 0)
                                           FROM unnest(r.covariates, excluded.covariates) WITH ORDINALITY AS x(a, b, o)
                                           ORDER BY o) END""")
        .execute(
            Tuple.of(
                experiment,
                metric,
                variant,
                day,
                attribute,
                value,
                units,
                converted,
                sum,
                sumSquares,
                covariates))
        .mapEmpty();
  }

  /**
   * The rows in the order of the table's key, so that folds of different partitions adding to the
   * same rows at once lock them in one order and never deadlock (any fixed total order would do).
   */
  static List<Map.Entry<RollupKey, SampleStats>> inKeyOrder(Map<RollupKey, SampleStats> deltas) {
    List<Map.Entry<RollupKey, SampleStats>> rows = new ArrayList<>(deltas.entrySet());
    rows.sort(Map.Entry.comparingByKey(TABLE_ORDER));
    return rows;
  }

  /** The rollups table's primary key order. */
  private static final Comparator<RollupKey> TABLE_ORDER =
      Comparator.comparing(RollupKey::experiment)
          .thenComparing(RollupKey::segmentAttribute)
          .thenComparing(RollupKey::metric)
          .thenComparing(RollupKey::variant)
          .thenComparing(RollupKey::day)
          .thenComparing(RollupKey::segmentValue);

  /** {@code {n,Σy,...}} for a float8[] cast, or null. */
  private static String arrayLiteral(CovariateMoments moments) {
    if (moments == null) {
      return null;
    }
    StringBuilder text = new StringBuilder("{");
    for (double v : moments.toArray()) {
      text.append(text.length() > 1 ? "," : "").append(v);
    }
    return text.append('}').toString();
  }

  /** The inverse of {@link #arrayLiteral}'s column: null for none. */
  static CovariateMoments covariates(Row r, int column) {
    Object value = r.getValue(column);
    if (value == null) {
      return null;
    }
    Double[] boxed = r.getArrayOfDoubles(column);
    double[] a = new double[boxed.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = boxed[i];
    }
    return CovariateMoments.fromArray(a);
  }
}
