package dev.moments.server.rollup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A unit state survives its bytes; encoding through a reused buffer gives each state's own. */
class UnitStateBytesTest {

  private static UnitState state(String variant, int standings, double total) {
    UnitState state = new UnitState();
    state.lastAt = Instant.parse("2026-11-20T09:00:00Z");
    state.lastSeq = 42;
    for (int i = 0; i < standings; i++) {
      UnitState.Standing x =
          new UnitState.Standing(
              variant,
              state.lastAt.minusSeconds(60L * i),
              false,
              i == 1,
              List.of("mobile", "ad", "DE", "buy", "true"),
              i == 0,
              new LinkedHashMap<>(Map.of("ads", "bold")));
      x.totals.put("signup", total + i);
      x.pre.put("purchase", 2.5);
      state.standings.put("exp" + i, x);
    }
    return state;
  }

  @Test
  void aReusedBufferGivesEachStateItsOwnBytes() {
    ByteArrayOutputStream scratch = new ByteArrayOutputStream(8);
    UnitState large = state("control", 3, 7);
    UnitState small = state("bold", 1, 1);
    byte[] first = UnitStateBytes.encode(large, scratch);
    byte[] second = UnitStateBytes.encode(small, scratch);
    assertArrayEquals(UnitStateBytes.encode(large), first);
    assertArrayEquals(UnitStateBytes.encode(small), second);
    assertArrayEquals(second, UnitStateBytes.encode(UnitStateBytes.decode(second)));
  }

  @Test
  void aStateSurvivesItsBytes() {
    UnitState decoded = UnitStateBytes.decode(UnitStateBytes.encode(state("calm", 2, 3)));
    assertEquals(42, decoded.lastSeq);
    assertEquals(2, decoded.standings.size());
    UnitState.Standing x = decoded.standings.get("exp1");
    assertEquals("calm", x.variant);
    assertEquals(true, x.multiple);
    assertEquals(4.0, x.totals.get("signup"));
    assertEquals(2.5, x.pre.get("purchase"));
    assertEquals(Map.of("ads", "bold"), x.adSegments);
  }
}
