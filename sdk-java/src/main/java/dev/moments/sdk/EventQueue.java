package dev.moments.sdk;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded multi-producer queue that never blocks, striped so that producer threads do not share a
 * cache line on the hot path: each thread adds to its own stripe (chosen by thread id) under that
 * stripe's uncontended lock. The bound is global and exact: {@code capacity} slots are handed to
 * stripes in small reservations from one shared pool (one atomic operation per reservation, not per
 * event), and draining gives the slots back. When the pool is empty the producer drops the oldest
 * event of its own stripe, the oldest it queued itself (with one producer thread, the queue's
 * oldest), and counts it; a thread with nothing queued takes the oldest of another stripe. Slots
 * reserved by other threads and not used yet (at most a reservation each) are not lent, so a full
 * queue may start dropping up to {@code (stripes - 1) * reservation} events early. Sequence numbers
 * (conversion ids) are given when events are drained, by the single consumer.
 */
final class EventQueue {
  private static final int MAX_RESERVATION = 64;

  private final Stripe[] stripes;
  private final int mask;
  private final int capacity;
  private final int reservation;
  private final AtomicLong pool; // slots neither queued nor reserved by a stripe
  private final AtomicLong droppedElsewhere = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private int drainFrom;

  EventQueue(int capacity) {
    this(capacity, capacity);
  }

  /**
   * @param sendAt the queued count that triggers a send ({@link #reachedSendAt}); reservations are
   *     kept small against it so the trigger is off by at most a few events per thread
   */
  EventQueue(int capacity, int sendAt) {
    int count = Math.min(64, Integer.highestOneBit(4 * Runtime.getRuntime().availableProcessors()));
    stripes = new Stripe[Math.max(2, count)];
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe();
    }
    mask = stripes.length - 1;
    this.capacity = capacity;
    this.reservation =
        Math.max(1, Math.min(MAX_RESERVATION, Math.min(capacity, sendAt) / (2 * stripes.length)));
    this.pool = new AtomicLong(capacity);
  }

  private Stripe mine() {
    return stripes[(int) Thread.currentThread().getId() & mask];
  }

  /** Adds an event; returns how many old events this dropped (0 or 1). Never blocks for long. */
  int add(QueuedEvent event) {
    Stripe stripe = mine();
    while (true) {
      synchronized (stripe) {
        if (stripe.reserved > 0 || reserve(stripe)) {
          stripe.reserved--;
          stripe.push(event);
          return 0;
        }
        if (stripe.size > 0) {
          stripe.poll();
          stripe.push(event);
          stripe.dropped++;
          return 1;
        }
      }
      int dropped = slotFromAnotherStripe();
      if (dropped >= 0) {
        synchronized (stripe) {
          stripe.push(event); // into the slot just taken, so the bound holds
        }
        return dropped;
      }
      // nothing queued or reserved anywhere: the consumer has just given slots back; take one
    }
  }

  /**
   * Full, and this thread has nothing queued: takes another stripe's unused reservation (returns 0)
   * or its oldest event (returns 1), or finds neither (-1).
   */
  private int slotFromAnotherStripe() {
    for (Stripe other : stripes) {
      synchronized (other) {
        if (other.reserved > 0) {
          other.reserved--;
          return 0;
        }
        if (other.size > 0) {
          other.poll();
          other.dropped++;
          return 1;
        }
      }
    }
    return -1;
  }

  private boolean reserve(Stripe stripe) {
    long free;
    do {
      free = pool.get();
      if (free == 0) {
        return false;
      }
    } while (!pool.compareAndSet(free, free - Math.min(free, reservation)));
    stripe.reserved += (int) Math.min(free, reservation);
    return true;
  }

  /**
   * Whether at least {@code sendAt} events may be queued: a read of the shared pool, which changes
   * once per reservation. Counts reserved slots, so it can be early by a reservation per thread,
   * never late.
   */
  boolean reachedSendAt(int sendAt) {
    return capacity - pool.get() >= sendAt;
  }

  /**
   * Moves up to {@code max} events into {@code into}, each stripe's oldest first, giving each its
   * sequence number. For the one consumer thread.
   */
  void drainTo(List<QueuedEvent> into, int max) {
    int moved = 0;
    for (int i = 0; i < stripes.length && moved < max; i++) {
      Stripe stripe = stripes[(drainFrom + i) & mask];
      synchronized (stripe) {
        while (moved < max && stripe.size > 0) {
          into.add(stripe.poll().withSequence(sequence.getAndIncrement()));
          moved++;
        }
        stripe.shrinkIfEmpty();
      }
    }
    drainFrom++; // the next drain starts at the next stripe: no stripe waits behind the others
    pool.addAndGet(moved);
  }

  /** Drops everything queued (the key was refused); returns how many. */
  int discardAll() {
    int count = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        count += stripe.size;
        stripe.dropped += stripe.size;
        stripe.clear();
      }
    }
    pool.addAndGet(count);
    return count;
  }

  /**
   * The events queued at one instant, never above the bound. Every stripe is held at once: counted
   * one stripe at a time, an event a producer moves from a stripe already counted (taking another
   * thread's oldest slot) into one not counted yet is counted twice, and a count taken while
   * producers write could read above {@code capacity}. No other path holds two stripes, so taking
   * them in index order cannot deadlock; producers wait only for the few additions this takes.
   */
  long size() {
    return sizeHolding(0);
  }

  private long sizeHolding(int from) {
    if (from == stripes.length) {
      return 0;
    }
    synchronized (stripes[from]) {
      return sizeHolding(from + 1) + stripes[from].size;
    }
  }

  long dropped() {
    long dropped = droppedElsewhere.get();
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        dropped += stripe.dropped;
      }
    }
    return dropped;
  }

  /** For events dropped after they left the queue (a refused or oversized batch). */
  void countDropped(int count) {
    droppedElsewhere.addAndGet(count);
  }

  /** Fields one producer thread writes, padded so that two stripes never share a cache line. */
  abstract static class PadBefore {
    long p01, p02, p03, p04, p05, p06, p07, p08;
  }

  abstract static class StripeFields extends PadBefore {
    QueuedEvent[] ring = new QueuedEvent[16];
    int head;
    int size;
    int reserved;
    long dropped;
  }

  /** One ring buffer, guarded by its own monitor. */
  static final class Stripe extends StripeFields {
    long q01, q02, q03, q04, q05, q06, q07, q08;

    void push(QueuedEvent event) {
      if (size == ring.length) {
        QueuedEvent[] bigger = new QueuedEvent[ring.length * 2];
        for (int i = 0; i < size; i++) {
          bigger[i] = ring[(head + i) & (ring.length - 1)];
        }
        ring = bigger;
        head = 0;
      }
      ring[(head + size) & (ring.length - 1)] = event;
      size++;
    }

    QueuedEvent poll() {
      QueuedEvent event = ring[head];
      ring[head] = null;
      head = (head + 1) & (ring.length - 1);
      size--;
      return event;
    }

    void clear() {
      ring = new QueuedEvent[16];
      head = 0;
      size = 0;
    }

    /** A burst grew the ring: give the memory back once it is drained. */
    void shrinkIfEmpty() {
      if (size == 0 && ring.length > 1024) {
        clear();
      }
    }
  }
}
