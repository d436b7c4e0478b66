package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BacklogSeenTest {
  @Test
  void aRoundThatReadNothingLeavesWhatTheLastReadFound() {
    BacklogSeen seen = BacklogSeen.NONE.after(new FoldRound(20_000, 321_402, 62_971, true, true));
    assertEquals(new BacklogSeen(321_402, 301_402, 62_971), seen);

    assertEquals(seen, seen.after(FoldRound.NONE), "no partition was owned");
  }

  @Test
  void aBatchThatFoldedAllItFoundLeavesNoLag() {
    BacklogSeen seen = BacklogSeen.NONE.after(new FoldRound(1_500, 1_500, 800, true, true));
    assertEquals(new BacklogSeen(1_500, 0, 0), seen);
    assertEquals(
        new BacklogSeen(0, 0, 0),
        seen.after(new FoldRound(0, 0, 0, true, true)),
        "a read of an empty inbox is news");
  }
}
