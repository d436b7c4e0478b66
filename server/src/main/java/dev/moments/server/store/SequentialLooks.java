package dev.moments.server.store;

import dev.moments.server.experiment.FrozenDesign;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The group-sequential looks already taken (table {@code sequential_looks}, V30): written once when
 * a look is first taken, never rewritten, read by every later report so past looks stay as taken.
 */
public final class SequentialLooks {
  private final Pool pool;

  public SequentialLooks(Pool pool) {
    this.pool = pool;
  }

  /**
   * One look of one comparison (a treatment against the control on one metric).
   *
   * @param zBoundary {@link Double#POSITIVE_INFINITY} when no stop was possible
   * @param absoluteEstimate NaN when there was none (so its standard error)
   * @param cupedFallback why CUPED fell back to the unadjusted lift at this look; null when it
   *     adjusted or the experiment does not use CUPED
   */
  public record Look(
      String metric,
      String variant,
      LocalDate day,
      int look,
      double units,
      double estimate,
      double standardError,
      double absoluteEstimate,
      double absoluteStandardError,
      double informationFraction,
      double zBoundary,
      double alphaSpent,
      double alpha,
      String spending,
      String cupedFallback,
      Instant recordedAt) {}

  /** The experiment's recorded looks, each comparison's in the order of their days. */
  public Future<List<Look>> of(String experiment) {
    return pool.preparedQuery(
            "SELECT metric, variant, look_day, look, units, estimate, standard_error,"
                + " absolute_estimate, absolute_standard_error, information_fraction, z_boundary,"
                + " alpha_spent, alpha, spending, cuped_fallback, recorded_at FROM sequential_looks"
                + " WHERE experiment = $1 ORDER BY metric, variant, look_day")
        .execute(Tuple.of(experiment))
        .map(
            rows -> {
              List<Look> looks = new ArrayList<>();
              rows.forEach(row -> looks.add(look(row)));
              return looks;
            });
  }

  /**
   * When the experiment's first look was recorded and which metrics have looks: its frozen design.
   * Read on {@code client}: a change reads it in its transaction, under the experiment's lock.
   */
  static Future<FrozenDesign.RecordedLooks> summary(SqlClient client, String experiment) {
    return client
        .preparedQuery(
            "SELECT min(recorded_at), coalesce(array_agg(DISTINCT metric), '{}')"
                + " FROM sequential_looks WHERE experiment = $1")
        .execute(Tuple.of(experiment))
        .map(
            rows -> {
              Row row = rows.iterator().next();
              OffsetDateTime first = row.getOffsetDateTime(0);
              return first == null
                  ? FrozenDesign.RecordedLooks.NONE
                  : new FrozenDesign.RecordedLooks(
                      first.toInstant(), Set.of(row.getArrayOfStrings(1)));
            });
  }

  /**
   * Records looks not recorded yet; a look another server (or an earlier read) recorded first stays
   * as it is. Answers whether every one given was written: false means some were taken already,
   * possibly with other data, and the caller reads them back.
   */
  public Future<Boolean> record(String experiment, List<Look> looks) {
    if (looks.isEmpty()) {
      return Future.succeededFuture(true);
    }
    List<Look> ordered =
        looks.stream()
            .sorted(Comparator.comparing(Look::metric).thenComparing(Look::variant))
            .toList();
    Tuple values =
        Tuple.tuple()
            .addString(experiment)
            .addArrayOfString(ordered.stream().map(Look::metric).toArray(String[]::new))
            .addArrayOfString(ordered.stream().map(Look::variant).toArray(String[]::new))
            .addArrayOfLocalDate(ordered.stream().map(Look::day).toArray(LocalDate[]::new))
            .addArrayOfInteger(ordered.stream().map(Look::look).toArray(Integer[]::new))
            .addArrayOfDouble(numbers(ordered, Look::units))
            .addArrayOfDouble(numbers(ordered, Look::estimate))
            .addArrayOfDouble(numbers(ordered, Look::standardError))
            .addArrayOfDouble(numbers(ordered, Look::absoluteEstimate))
            .addArrayOfDouble(numbers(ordered, Look::absoluteStandardError))
            .addArrayOfDouble(numbers(ordered, Look::informationFraction))
            .addArrayOfDouble(numbers(ordered, Look::zBoundary))
            .addArrayOfDouble(numbers(ordered, Look::alphaSpent))
            .addArrayOfDouble(numbers(ordered, Look::alpha))
            .addArrayOfString(ordered.stream().map(Look::spending).toArray(String[]::new))
            .addArrayOfString(ordered.stream().map(Look::cupedFallback).toArray(String[]::new))
            .addArrayOfOffsetDateTime(
                ordered.stream()
                    .map(l -> l.recordedAt().atOffset(ZoneOffset.UTC))
                    .toArray(OffsetDateTime[]::new));
    return pool.preparedQuery(
            "INSERT INTO sequential_looks (experiment, metric, variant, look_day, look, units,"
                + " estimate, standard_error, absolute_estimate, absolute_standard_error,"
                + " information_fraction, z_boundary, alpha_spent, alpha, spending, cuped_fallback,"
                + " recorded_at) SELECT $1, * FROM unnest($2::text[], $3::text[], $4::date[],"
                + " $5::int[], $6::float8[], $7::float8[], $8::float8[], $9::float8[],"
                + " $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[],"
                + " $15::text[], $16::text[], $17::timestamptz[])"
                + " ON CONFLICT DO NOTHING")
        .execute(values)
        .map(rows -> rows.rowCount() == ordered.size());
  }

  /** Non-finite values are stored as NULL (no absolute estimate; an infinite boundary). */
  private static Double[] numbers(List<Look> looks, java.util.function.ToDoubleFunction<Look> f) {
    return looks.stream()
        .map(l -> f.applyAsDouble(l))
        .map(v -> Double.isFinite(v) ? v : null)
        .toArray(Double[]::new);
  }

  private static Look look(Row row) {
    return new Look(
        row.getString("metric"),
        row.getString("variant"),
        row.getLocalDate("look_day"),
        row.getInteger("look"),
        row.getDouble("units"),
        row.getDouble("estimate"),
        row.getDouble("standard_error"),
        orNaN(row.getDouble("absolute_estimate")),
        orNaN(row.getDouble("absolute_standard_error")),
        row.getDouble("information_fraction"),
        row.getDouble("z_boundary") == null
            ? Double.POSITIVE_INFINITY
            : row.getDouble("z_boundary"),
        row.getDouble("alpha_spent"),
        row.getDouble("alpha"),
        row.getString("spending"),
        row.getString("cuped_fallback"),
        row.getOffsetDateTime("recorded_at").toInstant());
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }
}
