package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClaimPlanTest {
  private static Set<Short> range(int from, int to) {
    Set<Short> set = new java.util.TreeSet<>();
    for (int i = from; i < to; i++) {
      set.add((short) i);
    }
    return set;
  }

  @Test
  void aLoneServerWantsEveryPartitionStartingAtItsOffset() {
    ClaimPlan plan = ClaimPlan.of(4, 1, Set.of(), 6);
    assertEquals(List.of(), plan.release());
    assertEquals(List.of((short) 2, (short) 3, (short) 0, (short) 1), plan.candidates());
    assertEquals(4, plan.wanted());
  }

  @Test
  void aServerHoldingAllGivesUpTheHighestWhenASecondJoins() {
    ClaimPlan plan = ClaimPlan.of(16, 2, range(0, 16), 0);
    assertEquals(
        List.of(
            (short) 15,
            (short) 14,
            (short) 13,
            (short) 12,
            (short) 11,
            (short) 10,
            (short) 9,
            (short) 8),
        plan.release());
    assertEquals(0, plan.wanted());
  }

  @Test
  void theShareIsRoundedUpSoThreeServersCoverSixteen() {
    ClaimPlan plan = ClaimPlan.of(16, 3, range(0, 4), 0);
    assertEquals(List.of(), plan.release());
    assertEquals(2, plan.wanted());
    assertEquals(12, plan.candidates().size());
    assertEquals((short) 4, plan.candidates().get(0));
  }

  @Test
  void aServerThatLostItsPeersTakesTheirShare() {
    ClaimPlan plan = ClaimPlan.of(16, 1, range(0, 6), 3);
    assertEquals(10, plan.wanted());
    assertEquals(range(6, 16), new java.util.TreeSet<>(plan.candidates()));
  }

  @Test
  void noMembersCountedYetMeansThisServerAlone() {
    assertEquals(16, ClaimPlan.of(16, 0, Set.of(), 0).wanted());
  }

  @Test
  void zeroPartitionsIsRefusedNamingTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ClaimPlan.of(0, 1, Set.of(), 0));
    assertEquals("partitions 0 must be at least 1", e.getMessage());
  }
}
