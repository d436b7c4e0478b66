package dev.moments.sdk;

/** A holdout with its hash prefix, threshold and both answers precomputed. */
final class CompiledHoldout {
  final HoldoutDefinition definition;
  private final byte[] prefix;
  private final int threshold;
  private final HoldoutGroup in;
  private final HoldoutGroup out;

  CompiledHoldout(HoldoutDefinition definition) {
    this.definition = definition;
    this.prefix = Hashing.utf8("holdout:" + definition.key() + ":");
    this.threshold = definition.buckets();
    this.in = new HoldoutGroup(definition.key(), true);
    this.out = new HoldoutGroup(definition.key(), false);
  }

  HoldoutGroup groupOf(UnitKey unit) {
    return unit.bucket(prefix) < threshold ? in : out;
  }
}
