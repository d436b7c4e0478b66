package dev.moments.sdk;

/**
 * The variant a unit sees in one moment. {@code forced}: chosen by a {@code force} attribute
 * (reports leave it out of the statistics). {@code rollout}: a stopped experiment's rollout variant
 * (no exposure is logged). {@code ad}: named by an ad click (the {@code ad} attribute); its
 * exposure is counted, with source "ad". {@code store}: a sticky experiment's hash or an ad click
 * on it decided, so whoever keeps the unit's sticky entries stores (experiment, variant) for it
 * ({@link MomentsClient} does that with its {@link StickyStore}; spec/README.md, "Sticky
 * bucketing"). {@code payloadJson} is the variant's raw JSON payload or null. {@link
 * MomentsClient#assign} never returns null: a unit in no experiment gets {@link #none}.
 */
public record Assignment(
    String moment,
    String experiment,
    String variant,
    String payloadJson,
    boolean forced,
    boolean rollout,
    boolean ad,
    boolean store) {
  private static final String EMPTY_PAYLOAD = "{}";

  /** An assignment that nothing needs to store. */
  public Assignment(
      String moment,
      String experiment,
      String variant,
      String payloadJson,
      boolean forced,
      boolean rollout,
      boolean ad) {
    this(moment, experiment, variant, payloadJson, forced, rollout, ad, false);
  }

  /** An assignment that no ad click decided. */
  public Assignment(
      String moment,
      String experiment,
      String variant,
      String payloadJson,
      boolean forced,
      boolean rollout) {
    this(moment, experiment, variant, payloadJson, forced, rollout, false, false);
  }

  /**
   * The answer for a unit in no experiment of this moment: no experiment, variant null, payload
   * "{}".
   */
  public static Assignment none(String moment) {
    return new Assignment(moment, null, null, null, false, false, false, false);
  }

  /** The variant's JSON payload, never null: "{}" when there is none. */
  public String payload() {
    return payloadJson == null ? EMPTY_PAYLOAD : payloadJson;
  }

  /**
   * True when a running experiment decided the variant (by hash, force or ad click) and an exposure
   * is logged; false for {@link #none} and for a rollout, which is not an experiment
   * (spec/README.md, "The client API": the JS SDK answers the same).
   */
  public boolean inExperiment() {
    return experiment != null && !rollout;
  }

  /** The variant, or {@code fallback} when the unit is in no experiment (handy for a switch). */
  public String variantOr(String fallback) {
    return variant == null ? fallback : variant;
  }
}
