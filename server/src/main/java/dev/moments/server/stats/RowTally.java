package dev.moments.server.stats;

/** Counts behind one row of {@link AaSimulation}'s table. */
final class RowTally {

  private final String method;
  private final long plannedPerArm;
  private final long fixedPerArm;
  private long aaExperiments;
  private long aaSignificant;
  private long abExperiments;
  private long winners;
  private long covered;
  private double unitsUsed;

  RowTally(String method, long plannedPerArm, long fixedPerArm) {
    this.method = method;
    this.plannedPerArm = plannedPerArm;
    this.fixedPerArm = fixedPerArm;
  }

  /** An A/A experiment: did it ever declare a difference (either direction)? */
  void aa(boolean significant) {
    aaExperiments++;
    aaSignificant += significant ? 1 : 0;
  }

  /**
   * An A/B experiment at the MDE.
   *
   * @param winner declared the treatment better by the planned sample
   * @param unitsPerArm units per arm when it stopped (or the plan's when it never did)
   * @param coversTruth its interval at that point contains the true lift
   */
  void ab(boolean winner, double unitsPerArm, boolean coversTruth) {
    abExperiments++;
    winners += winner ? 1 : 0;
    covered += coversTruth ? 1 : 0;
    unitsUsed += unitsPerArm;
  }

  AaSimulation.Row row() {
    double meanUnits = unitsUsed / abExperiments;
    return new AaSimulation.Row(
        method,
        plannedPerArm,
        new AaSimulation.Share(aaSignificant, aaExperiments),
        new AaSimulation.Share(winners, abExperiments),
        meanUnits / plannedPerArm,
        meanUnits / fixedPerArm,
        new AaSimulation.Share(covered, abExperiments));
  }
}
