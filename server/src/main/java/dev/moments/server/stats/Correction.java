package dev.moments.server.stats;

/** Multiple-comparison correction over the variants on the primary metric. */
public enum Correction {
  HOLM,
  BH,
  NONE
}
