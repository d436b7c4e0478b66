package dev.moments.server.http;

import dev.moments.server.domain.InvalidException;
import dev.moments.server.domain.Keys;
import dev.moments.server.report.LiveReports;
import dev.moments.server.report.ReportCsv;
import dev.moments.server.report.ReportRange;
import dev.moments.server.rollup.RollupRow;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * GET /api/v1/experiments/{key}/report and report.csv: built from the rollups, never from raw
 * events.
 */
final class ReportHandler {
  private final LiveReports reports;

  ReportHandler(LiveReports reports) {
    this.reports = reports;
  }

  void json(RoutingContext ctx) {
    Responses.reply(ctx, 200, report(ctx));
  }

  void csv(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    report(ctx)
        .onSuccess(
            report -> {
              ctx.response()
                  .putHeader("Content-Type", "text/csv; charset=utf-8")
                  .putHeader(
                      "Content-Disposition", "attachment; filename=\"" + key + "-report.csv\"");
              Gzip.end(ctx.request(), Buffer.buffer(ReportCsv.write(report)));
            })
        .onFailure(ctx::fail);
  }

  private Future<JsonObject> report(RoutingContext ctx) {
    String key = ctx.pathParam("key");
    String segment = ctx.queryParams().get("segment");
    boolean ad = segment != null && segment.startsWith(RollupRow.AD_SEGMENT_PREFIX);
    // The JSON route's schema checks this too; the hand-made CSV route relies on this check.
    if (segment != null
        && !RollupRow.SEGMENT_ATTRIBUTES.contains(segment)
        && !(ad && Keys.isKey(segment.substring(RollupRow.AD_SEGMENT_PREFIX.length())))) {
      return Future.failedFuture(
          InvalidException.field(
              "segment",
              "segment must be one of "
                  + String.join(", ", RollupRow.SEGMENT_ATTRIBUTES)
                  + ", or ad:<ad experiment>."));
    }
    ReportRange range;
    try {
      range = range(ctx, segment);
    } catch (InvalidException e) {
      return Future.failedFuture(e);
    }
    return reports.build(key, segment, range);
  }

  /** {@code ?from=&to=} as UTC days; null when neither is given. */
  private static ReportRange range(RoutingContext ctx, String segment) {
    LocalDate from = day(ctx, "from");
    LocalDate to = day(ctx, "to");
    if (from == null && to == null) {
      return null;
    }
    if (from != null && to != null && from.isAfter(to)) {
      throw InvalidException.field(
          "from", "from (" + from + ") must not be after to (" + to + ").");
    }
    if (segment != null) {
      throw InvalidException.field(
          "segment", "A date range (from, to) cannot be split by segment; choose one.");
    }
    return new ReportRange(from, to);
  }

  private static LocalDate day(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return null;
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value);
      }
    } catch (DateTimeParseException e) {
      // the message below says what is expected
    }
    throw InvalidException.field(
        name,
        name + " must be a day as YYYY-MM-DD (UTC), such as 2026-11-29; got '" + value + "'.");
  }
}
