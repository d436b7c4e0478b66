package dev.moments.server.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayerAllocatorTest {
  @Test
  void allocatesTheFirstFreeBlockThatFits() {
    assertEquals(
        List.of(new LayerRange(0, 1)),
        LayerAllocator.allocate(LayerAllocator.width(0.01), List.of()));
    assertEquals(
        List.of(new LayerRange(2000, 7000)),
        LayerAllocator.allocate(
            5000, List.of(new LayerRange(0, 2000), new LayerRange(9000, 10000))));
  }

  @Test
  void reportsTheRoomLeftWhenNothingFits() {
    LayerFullException full =
        assertThrows(
            LayerFullException.class,
            () -> LayerAllocator.allocate(5000, List.of(new LayerRange(0, 6000))));
    assertEquals(40.0, full.freePercent());
  }

  @Test
  void rampingUpExtendsInPlaceAndNeverMovesAnExistingBucket() {
    List<LayerRange> own = List.of(new LayerRange(0, 1000));
    List<LayerRange> grown = LayerAllocator.resize(own, List.of(), 5000, List.of());
    assertEquals(List.of(new LayerRange(0, 5000)), grown);
  }

  @Test
  void growingAroundANeighbourAddsASecondRange() {
    List<LayerRange> grown =
        LayerAllocator.resize(
            List.of(new LayerRange(0, 1000)), List.of(), 3000, List.of(new LayerRange(1000, 2000)));
    assertEquals(List.of(new LayerRange(0, 1000), new LayerRange(2000, 4000)), grown);
  }

  @Test
  void shrinkingCutsFromTheEnd() {
    assertEquals(
        List.of(new LayerRange(0, 1000), new LayerRange(2000, 2500)),
        LayerAllocator.resize(
            List.of(new LayerRange(0, 1000), new LayerRange(2000, 4000)),
            List.of(),
            1500,
            List.of()));
  }

  @Test
  void randomRampsKeepEveryEarlierBucketAndNeverOverlapOthers() {
    Random random = new Random(42);
    for (int trial = 0; trial < 500; trial++) {
      List<LayerRange> others = new ArrayList<>();
      int cursor = 0;
      while (cursor < 10_000 && random.nextInt(3) > 0) {
        int gap = random.nextInt(1500);
        int width = 1 + random.nextInt(1500);
        if (cursor + gap + width > 10_000) {
          break;
        }
        others.add(new LayerRange(cursor + gap, cursor + gap + width));
        cursor += gap + width;
      }
      int free = LayerAllocator.free(others).stream().mapToInt(LayerRange::width).sum();
      if (free < 2) {
        continue;
      }
      List<LayerRange> own;
      try {
        own = LayerAllocator.allocate(1, others);
      } catch (LayerFullException e) {
        continue;
      }
      int target = 1 + random.nextInt(free);
      List<LayerRange> grown = LayerAllocator.resize(own, List.of(), target, others);
      assertEquals(target, grown.stream().mapToInt(LayerRange::width).sum());
      assertTrue(contains(grown, own.get(0).start()), "the first bucket must stay in");
      for (LayerRange g : grown) {
        for (LayerRange o : others) {
          assertTrue(!g.overlaps(o), g + " overlaps " + o);
        }
      }
    }
  }

  @Test
  void shrinkingRetiresTheCutBucketsAndGrowingTakesThemBackFirst() {
    List<LayerRange> own = List.of(new LayerRange(0, 5000));
    List<LayerRange> shrunk = LayerAllocator.resize(own, List.of(), 2500, List.of());
    List<LayerRange> retired = LayerAllocator.retired(own, shrunk, List.of());
    assertEquals(List.of(new LayerRange(2500, 5000)), retired);
    // a free gap lower down does not come before the experiment's own units
    List<LayerRange> others = List.of(new LayerRange(6000, 10000));
    List<LayerRange> regrown = LayerAllocator.resize(shrunk, retired, 3000, others);
    assertEquals(List.of(new LayerRange(0, 3000)), regrown);
    assertEquals(
        List.of(new LayerRange(3000, 5000)), LayerAllocator.retired(shrunk, regrown, retired));
    // growing past them takes fresh room, and retires nothing more
    List<LayerRange> past = LayerAllocator.resize(shrunk, retired, 5500, others);
    assertEquals(List.of(new LayerRange(0, 5500)), past);
    assertEquals(List.of(), LayerAllocator.retired(shrunk, past, retired));
  }

  @Test
  void anotherExperimentFindsNoRoomInRetiredBuckets() {
    // what the store passes as taken: the ranges and the retired ranges of the others
    List<LayerRange> taken = List.of(new LayerRange(0, 2500), new LayerRange(2500, 5000));
    LayerFullException full =
        assertThrows(
            LayerFullException.class,
            () ->
                LayerAllocator.resize(
                    List.of(new LayerRange(5000, 10000)), List.of(), 7000, taken));
    assertEquals(0.0, full.freePercent());
  }

  @Test
  void twoExperimentsRampingAtRandomNeverShareABucketEitherHasEverHeld() {
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      List<LayerRange> a = LayerAllocator.allocate(1 + random.nextInt(5000), List.of());
      List<LayerRange> aRetired = List.of();
      List<LayerRange> b = LayerAllocator.allocate(1 + random.nextInt(4000), a);
      List<LayerRange> bRetired = List.of();
      boolean[] everA = new boolean[LayerRange.BUCKETS];
      boolean[] everB = new boolean[LayerRange.BUCKETS];
      for (int step = 0; step < 20; step++) {
        mark(everA, a);
        mark(everB, b);
        boolean moveA = random.nextBoolean();
        List<LayerRange> own = moveA ? a : b;
        List<LayerRange> retired = moveA ? aRetired : bRetired;
        List<LayerRange> taken = new ArrayList<>(moveA ? b : a);
        taken.addAll(moveA ? bRetired : aRetired);
        List<LayerRange> next;
        try {
          next = LayerAllocator.resize(own, retired, 1 + random.nextInt(6000), taken);
        } catch (LayerFullException full) {
          continue;
        }
        List<LayerRange> nextRetired = LayerAllocator.retired(own, next, retired);
        if (moveA) {
          a = next;
          aRetired = nextRetired;
        } else {
          b = next;
          bRetired = nextRetired;
        }
      }
      mark(everA, a);
      mark(everB, b);
      for (int bucket = 0; bucket < LayerRange.BUCKETS; bucket++) {
        assertTrue(!(everA[bucket] && everB[bucket]), "bucket " + bucket + " was in both");
      }
    }
  }

  private static void mark(boolean[] buckets, List<LayerRange> ranges) {
    ranges.forEach(r -> java.util.Arrays.fill(buckets, r.start(), r.end(), true));
  }

  private static boolean contains(List<LayerRange> ranges, int bucket) {
    return ranges.stream().anyMatch(r -> r.start() <= bucket && bucket < r.end());
  }
}
