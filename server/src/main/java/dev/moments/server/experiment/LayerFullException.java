package dev.moments.server.experiment;

/** A moment has no room for the traffic asked for. */
public final class LayerFullException extends RuntimeException {
  private final int wanted;
  private final int largestGap;
  private final int freeTotal;

  LayerFullException(int wanted, int largestGap, int freeTotal) {
    super(
        String.format(
            "needs %.2f%% of the moment's traffic but only %.2f%% is free (largest free block %.2f%%)",
            wanted / 100.0, freeTotal / 100.0, largestGap / 100.0),
        null,
        false,
        false);
    this.wanted = wanted;
    this.largestGap = largestGap;
    this.freeTotal = freeTotal;
  }

  public double freePercent() {
    return freeTotal / 100.0;
  }

  public double largestFreeBlockPercent() {
    return largestGap / 100.0;
  }

  public double wantedPercent() {
    return wanted / 100.0;
  }
}
