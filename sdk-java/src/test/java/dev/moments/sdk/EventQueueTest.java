package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventQueueTest {
  private static void add(EventQueue queue, String unit) {
    queue.add(QueuedEvent.conversion(unit, "signup", 1));
  }

  @Test
  void concurrentProducersNeverLoseCountAndStayWithinTheBound() throws Exception {
    EventQueue queue = new EventQueue(1000);
    int threads = 4;
    int perThread = 50_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    List<QueuedEvent> drained = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  add(queue, "u");
                }
              });
      thread.start();
      producers.add(thread);
    }
    start.countDown();
    while (producers.stream().anyMatch(Thread::isAlive)) {
      queue.drainTo(drained, 100);
      assertTrue(queue.size() <= 1000, "size " + queue.size());
    }
    for (Thread thread : producers) {
      thread.join();
    }
    queue.drainTo(drained, Integer.MAX_VALUE);
    assertEquals(0, queue.size());
    assertEquals(
        (long) threads * perThread,
        drained.size() + queue.dropped(),
        "every event is either drained or dropped");
    assertEquals(
        drained.size(), drained.stream().mapToLong(QueuedEvent::sequence).distinct().count());
  }

  @Test
  void theOldestAreDroppedFirst() {
    EventQueue queue = new EventQueue(2);
    add(queue, "a");
    add(queue, "b");
    add(queue, "c");
    List<QueuedEvent> out = new ArrayList<>();
    queue.drainTo(out, 10);
    assertEquals(List.of("b", "c"), out.stream().map(QueuedEvent::unitId).toList());
    assertEquals(1, queue.dropped());
  }

  @Test
  void aThreadWithNothingQueuedTakesTheSlotOfAnotherThreadsOldestEvent() throws Exception {
    EventQueue queue = new EventQueue(3);
    for (String unit : List.of("a1", "a2", "a3")) {
      add(queue, unit);
    }
    Thread other = new Thread(() -> add(queue, "b1"));
    other.start();
    other.join();
    assertEquals(3, queue.size());
    assertEquals(1, queue.dropped());
    List<QueuedEvent> out = new ArrayList<>();
    queue.drainTo(out, 10);
    assertEquals(
        List.of("a2", "a3", "b1"), out.stream().map(QueuedEvent::unitId).sorted().toList());
  }

  @Test
  void theSendTriggerIsNeverLateWhateverTheThreads() throws Exception {
    EventQueue queue = new EventQueue(10_000, 500);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 125; i++) {
                  add(queue, "u");
                }
              });
      thread.start();
      producers.add(thread);
    }
    for (Thread thread : producers) {
      thread.join();
    }
    assertEquals(500, queue.size());
    assertTrue(queue.reachedSendAt(500), "500 queued reach sendAt 500");
    EventQueue single = new EventQueue(10_000, 500);
    for (int i = 0; i < 400; i++) {
      add(single, "u");
    }
    assertFalse(single.reachedSendAt(500), "one thread is early by less than a reservation");
  }

  @Test
  void drainedEventsGetConsecutiveSequenceNumbersAndGiveTheirSlotsBack() {
    EventQueue queue = new EventQueue(4);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 4; i++) {
        add(queue, "u" + i);
      }
      List<QueuedEvent> out = new ArrayList<>();
      queue.drainTo(out, 10);
      assertEquals(
          List.of(4L * round, 4L * round + 1, 4L * round + 2, 4L * round + 3),
          out.stream().map(QueuedEvent::sequence).toList());
    }
    assertEquals(0, queue.dropped(), "drained slots are free again");
  }
}
