package dev.moments.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BodyBudgetTest {
  static final long MIB = 1 << 20;

  @Test
  void oneAddressCannotTakeMoreThanItsShareSoOthersStillGetIn() {
    BodyBudget budget = new BodyBudget(64 * MIB);
    int taken = 0;
    while (budget.reserve("203.0.113.9", MIB)) {
      taken++;
    }
    assertEquals(8, taken, "an eighth of 64 MiB");
    assertTrue(budget.reserve("198.51.100.1", MIB), "another address is not refused");
  }

  @Test
  void theTotalStillBoundsAllAddressesAndReleasingGivesItBack() {
    BodyBudget budget = new BodyBudget(2 * MIB);
    assertTrue(budget.reserve("a", MIB), "at least one full body per address");
    assertTrue(budget.reserve("b", MIB));
    assertFalse(budget.reserve("c", MIB), "the total is 2 MiB");
    assertFalse(budget.reserve("a", 1), "a refusal takes nothing");
    assertEquals(2 * MIB, budget.held());
    budget.release("a", MIB);
    assertTrue(budget.reserve("c", MIB));
    budget.release("b", MIB);
    budget.release("c", MIB);
    assertEquals(0, budget.held());
  }
}
