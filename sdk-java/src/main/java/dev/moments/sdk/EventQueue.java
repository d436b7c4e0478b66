package dev.moments.sdk;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded, lock-free, multi-producer queue that never blocks: when full, the producer removes the
 * oldest event and counts it as dropped. The bound can be exceeded by at most the number of threads
 * adding at the same instant.
 */
final class EventQueue {
  private final ConcurrentLinkedQueue<QueuedEvent> items = new ConcurrentLinkedQueue<>();
  private final AtomicLong added = new AtomicLong();
  private final AtomicLong removed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final int capacity;

  EventQueue(int capacity) {
    this.capacity = capacity;
  }

  /**
   * The next sequence number. Every number taken must be followed by exactly one {@link #add}: the
   * queue's size is "numbers taken minus events removed", which saves a second contended counter.
   */
  long nextSequence() {
    return added.getAndIncrement();
  }

  /** Adds an event made with {@link #nextSequence()}; returns how many old events this dropped. */
  int add(QueuedEvent event) {
    items.offer(event);
    int droppedNow = 0;
    while (size() > capacity && items.poll() != null) {
      removed.incrementAndGet();
      droppedNow++;
    }
    if (droppedNow > 0) {
      dropped.addAndGet(droppedNow);
    }
    return droppedNow;
  }

  /** Moves up to {@code max} of the oldest events into {@code into}. */
  void drainTo(List<QueuedEvent> into, int max) {
    int moved = 0;
    QueuedEvent event;
    while (moved < max && (event = items.poll()) != null) {
      into.add(event);
      moved++;
    }
    removed.addAndGet(moved);
  }

  /** Drops everything queued (the key was refused); returns how many. */
  int discardAll() {
    int count = 0;
    while (items.poll() != null) {
      count++;
    }
    removed.addAndGet(count);
    dropped.addAndGet(count);
    return count;
  }

  long size() {
    return added.get() - removed.get();
  }

  long dropped() {
    return dropped.get();
  }

  /** For events dropped after they left the queue (a refused or oversized batch). */
  void countDropped(int count) {
    dropped.addAndGet(count);
  }
}
