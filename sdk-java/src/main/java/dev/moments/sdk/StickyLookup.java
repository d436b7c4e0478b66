package dev.moments.sdk;

/**
 * One unit's sticky entries, as the pure core reads them: the variant key stored for an experiment,
 * or null. {@link Assigner#assign(AssignmentConfig, String, String, java.util.Map, StickyLookup)}
 * asks it only for the running sticky experiments of the moment being decided. It must not throw,
 * nor call {@link Assigner} itself (the core keeps the unit id in per-thread scratch meanwhile).
 */
@FunctionalInterface
public interface StickyLookup {
  /** Nothing stored, for any experiment. */
  StickyLookup NONE = experiment -> null;

  /** The variant key stored for this unit in {@code experiment}, or null. */
  String variant(String experiment);
}
