package dev.moments.server.rollup;

/**
 * Where one fold batch spent its time, phase by phase ({@link System#nanoTime} marks): the worker
 * logs it at DEBUG, so a report lag's tail can be traced to the phase that made it (issue 19.3: the
 * fence and claim, the batch read, the fold in the JVM, the writes, the commit).
 */
final class FoldCycle {
  private final long began = System.nanoTime();
  private long claimed;
  private long read;
  private long folded;
  private long written;
  private long committed;
  private int events;

  void claimed() {
    claimed = System.nanoTime();
  }

  void read(int events) {
    this.events = events;
    read = System.nanoTime();
  }

  void folded() {
    folded = System.nanoTime();
  }

  void written() {
    written = System.nanoTime();
  }

  void committed() {
    committed = System.nanoTime();
  }

  int events() {
    return events;
  }

  /** Milliseconds from the start to the commit. */
  long totalMs() {
    return ms(began, committed);
  }

  @Override
  public String toString() {
    return "events "
        + events
        + ", ms: claim "
        + ms(began, claimed)
        + ", read "
        + ms(claimed, read)
        + ", fold "
        + ms(read, folded)
        + ", write "
        + ms(folded, written)
        + ", commit "
        + ms(written, committed)
        + ", total "
        + totalMs();
  }

  /** 0 for a phase the batch never reached (an empty inbox stops after the read). */
  private static long ms(long from, long to) {
    return to == 0 || from == 0 ? 0 : (to - from) / 1_000_000;
  }
}
