package dev.moments.server.rollup;

import dev.moments.sdk.VariantDefinition;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * For the fold benchmark ({@code bench.FoldThroughput}): the variant the fold's own hash check
 * gives each unit, so that the benchmark's exposures count (an exposure in another variant is left
 * out as implausible, which folds no standing and no unit state).
 */
public final class BenchVariants {
  private BenchVariants() {}

  /** Unit id → the variant the experiment's current weights give it. */
  public static UnaryOperator<String> byHash(
      String key, String salt, List<VariantDefinition> variants) {
    ExperimentFacts facts =
        ExperimentFacts.replaced(key, salt, variants, List.of(), List.of(), FoldRules.NONE);
    return facts::hashVariant;
  }
}
