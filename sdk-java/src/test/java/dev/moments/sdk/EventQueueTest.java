package dev.moments.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class EventQueueTest {
  private static void add(EventQueue queue, String unit) {
    queue.add(QueuedEvent.conversion(queue.nextSequence(), unit, "signup", 1));
  }

  @Test
  void concurrentProducersNeverLoseCountAndStayNearTheBound() throws Exception {
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
      assertTrue(queue.size() <= 1000 + threads, "size " + queue.size());
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
}
