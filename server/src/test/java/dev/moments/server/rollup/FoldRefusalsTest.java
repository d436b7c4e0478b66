package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

class FoldRefusalsTest {
  private static PgException pg(String sqlState) {
    return new PgException("refused", "ERROR", sqlState, null);
  }

  @Test
  void dataExceptionsAndProgramLimitsAreAboutTheData() {
    assertTrue(FoldRefusals.aboutTheData(pg("22003"))); // numeric value out of range
    assertTrue(FoldRefusals.aboutTheData(pg("22021"))); // character not in repertoire
    assertTrue(FoldRefusals.aboutTheData(pg("54000"))); // index row size exceeds the maximum
  }

  @Test
  void failuresOfTheDatabaseOrTheCodeKeepRetrying() {
    assertFalse(FoldRefusals.aboutTheData(pg("08006"))); // connection failure
    assertFalse(FoldRefusals.aboutTheData(pg("40001"))); // serialization failure
    assertFalse(FoldRefusals.aboutTheData(pg("40P01"))); // deadlock
    assertFalse(FoldRefusals.aboutTheData(pg("57P01"))); // admin shutdown
    assertFalse(FoldRefusals.aboutTheData(pg("53100"))); // disk full
    assertFalse(FoldRefusals.aboutTheData(pg("57014"))); // statement timeout
    assertFalse(FoldRefusals.aboutTheData(pg("42P01"))); // undefined table: the code's fault
    assertFalse(FoldRefusals.aboutTheData(pg(null)));
    assertFalse(FoldRefusals.aboutTheData(new IllegalStateException("another folder took")));
  }
}
