package dev.moments.server.experiment;

import java.util.List;

/**
 * The funnel an experiment declares, by metric key and in order: step k counts the units that
 * converted on steps 1 to k. {@link #NONE} (no steps) means the report has no funnel. The rule
 * lives here only; the fold counts the steps and the report shows them.
 */
public record Funnel(List<String> steps) {

  public static final Funnel NONE = new Funnel(List.of());

  public Funnel {
    steps = steps == null ? List.of() : List.copyOf(steps);
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }
}
