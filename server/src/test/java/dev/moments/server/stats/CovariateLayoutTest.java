package dev.moments.server.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CovariateLayoutTest {

  private static final CovariateLayout LAYOUT =
      new CovariateLayout(
          List.of(
              new CovariateLayout.Factor("device", List.of("desktop", "mobile", "tablet")),
              new CovariateLayout.Factor("returning", List.of("new", "returning"))));

  @Test
  void firstLevelOfEachAttributeIsTheDroppedBaseline() {
    assertEquals(4, LAYOUT.size());
    assertEquals(
        List.of("pre", "device=mobile", "device=tablet", "returning=returning"), LAYOUT.names());
    assertArrayEquals(
        new double[] {12.5, 0, 1, 1},
        LAYOUT.encode(12.5, Map.of("device", "tablet", "returning", "returning")));
    assertArrayEquals(
        new double[] {0, 0, 0, 0},
        LAYOUT.encode(0, Map.of("device", "desktop", "returning", "new")));
  }

  @Test
  void unknownOrMissingValuesCountAsTheBaseline() {
    assertArrayEquals(
        new double[] {3, 0, 0, 1},
        LAYOUT.encode(3, Map.of("device", "tv", "returning", "returning")));
    assertArrayEquals(new double[] {3, 1, 0, 0}, LAYOUT.encode(3, Map.of("device", "mobile")));
  }

  @Test
  void levelsMustBeDistinct() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new CovariateLayout.Factor("device", List.of("mobile", "mobile")));
    assertThrows(
        IllegalArgumentException.class, () -> new CovariateLayout.Factor("device", List.of()));
  }
}
