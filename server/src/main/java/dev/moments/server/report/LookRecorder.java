package dev.moments.server.report;

import dev.moments.server.store.SequentialLooks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Function;

/**
 * Builds a report after the group-sequential looks recorded so far and records those it takes. A
 * look another server (or a concurrent read) recorded first, possibly on other data, wins: the
 * report is then built again from the record, so no answer shows a look other than the recorded
 * one.
 */
final class LookRecorder {
  /** Two servers racing for a look: the loser reads the winner's and builds again. */
  private static final int ATTEMPTS = 3;

  private final SequentialLooks looks;
  private final Clock clock;

  LookRecorder(SequentialLooks looks, Clock clock) {
    this.looks = looks;
    this.clock = clock;
  }

  /**
   * @param build the report after the looks in the book; it adds the looks it takes
   */
  Future<JsonObject> report(String experiment, Function<LookBook, Future<JsonObject>> build) {
    return report(experiment, build, ATTEMPTS);
  }

  private Future<JsonObject> report(
      String experiment, Function<LookBook, Future<JsonObject>> build, int attempts) {
    return looks
        .of(experiment)
        .compose(
            recorded -> {
              LookBook book = new LookBook(recorded, clock.instant());
              return build
                  .apply(book)
                  .compose(
                      report ->
                          looks
                              .record(experiment, book.taken())
                              .compose(
                                  all -> {
                                    if (all) {
                                      return Future.succeededFuture(report);
                                    }
                                    if (attempts > 1) {
                                      return report(experiment, build, attempts - 1);
                                    }
                                    return Future.failedFuture(
                                        new IllegalStateException(
                                            "looks of "
                                                + experiment
                                                + " were recorded by others on each of "
                                                + ATTEMPTS
                                                + " attempts"));
                                  }));
            });
  }
}
