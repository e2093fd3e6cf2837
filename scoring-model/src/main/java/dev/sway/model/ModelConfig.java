package dev.sway.model;

import java.util.EnumMap;
import java.util.Map;

/**
 * Every constant of the scoring model. {@code docs/scoring.md} explains each one; changing any of
 * them changes what a score means, so it comes with a new {@link #version()}.
 */
public record ModelConfig(
    String version,
    double halfLifeDays,
    Map<InteractionKind, Double> typeWeights,
    double farmReactionsPerDay,
    double podMass,
    double unknownEngagerScore,
    double ampQualityFloor,
    double newPairThreshold,
    double reachLog10Max,
    double ampLog10Max,
    double authLog10Max,
    double activityLog10Max,
    double authoredActivityWeight,
    long maxPostsPerSnapshotDelta,
    double weightReach,
    double weightAmplification,
    double weightAuthority,
    double weightActivity,
    double livenessHalfLifeDays,
    double livenessFloor) {

  /**
   * The fixed reference curve an engager's raw score is read on to weigh its engagement (quality):
   * raw 0, 6, 22, 45, 100 stand for scores 1, 40, 63, 86, 100 — the shape of a typical population.
   * It is part of the model version and never moves with the population, so the worth of an
   * engagement does not depend on who else happens to be scored.
   */
  public static final double[] QUALITY_CURVE_RAW = {0.0, 6.0, 22.0, 45.0, 100.0};

  /** Scores of {@link #QUALITY_CURVE_RAW}. */
  public static final double[] QUALITY_CURVE_SCORE = {1.0, 40.0, 63.0, 86.0, 100.0};

  /** The current model version. */
  public static final ModelConfig DEFAULT = defaults(30);

  public ModelConfig {
    typeWeights = Map.copyOf(typeWeights);
    if (!(halfLifeDays > 0)) {
      throw new IllegalArgumentException("half-life must be positive");
    }
  }

  /** The current version with another half-life (the version string records it). */
  public static ModelConfig defaults(double halfLifeDays) {
    Map<InteractionKind, Double> w = new EnumMap<>(InteractionKind.class);
    w.put(InteractionKind.LIKE, 1.0);
    w.put(InteractionKind.COMMENT, 2.0);
    w.put(InteractionKind.REPLY, 2.0);
    w.put(InteractionKind.MENTION, 2.0);
    w.put(InteractionKind.SHARE, 3.0);
    String version = halfLifeDays == 30 ? "sway-3" : "sway-3-hl" + halfLifeDays;
    return new ModelConfig(
        version,
        halfLifeDays,
        w,
        50, // Klout's rule: beyond 50 reactions a day, each reaction is worth less.
        2, // mutual engagement beyond ~2 decayed reactions each way is pod-like.
        10, // an engager never scored counts as a score of 10 (low quality).
        0.2, // amplification keeps 20 % of an engagement whatever the engager's quality.
        0.05, // a pair with less decayed mass than this is a new engager again.
        7, // reach: 10^7 followers → 100.
        4.5, // amplification: ~30,000 units → 100.
        4, // authority: 10,000 units → 100.
        3, // activity: 1,000 decayed actions → 100.
        0.5, // an interaction given counts half a post toward activity.
        100, // at most 100 new posts credited per snapshot, against counter jumps.
        0.20,
        0.35,
        0.35,
        0.10,
        0, // no liveness factor (an evaluated variant, see withLiveness)
        1);
  }

  /**
   * This version with a liveness factor: amplification and authority are multiplied by {@code floor
   * + (1 − floor) · 2^(−idle / halfLifeDays)}, {@code idle} the time since the account's latest
   * event. Not part of {@code sway-3}; the evaluation's ablation rows measure it.
   */
  public ModelConfig withLiveness(double halfLifeDays, double floor) {
    return new ModelConfig(
        version + "-live" + halfLifeDays,
        this.halfLifeDays,
        typeWeights,
        farmReactionsPerDay,
        podMass,
        unknownEngagerScore,
        ampQualityFloor,
        newPairThreshold,
        reachLog10Max,
        ampLog10Max,
        authLog10Max,
        activityLog10Max,
        authoredActivityWeight,
        maxPostsPerSnapshotDelta,
        weightReach,
        weightAmplification,
        weightAuthority,
        weightActivity,
        halfLifeDays,
        floor);
  }

  /**
   * The half-life (days) a model version string stands for: "sway-3" is 30, "sway-3-hl7.0" is 7.
   */
  public static double halfLifeDaysOf(String version) {
    int at = version == null ? -1 : version.indexOf("-hl");
    if (at < 0) {
      return 30;
    }
    try {
      int end = version.indexOf('-', at + 3);
      return Double.parseDouble(version.substring(at + 3, end < 0 ? version.length() : end));
    } catch (NumberFormatException e) {
      return 30;
    }
  }

  public double halfLifeMs() {
    return halfLifeDays * 86_400_000.0;
  }

  public double weight(InteractionKind kind) {
    return typeWeights.getOrDefault(kind, 1.0);
  }
}
