package dev.sway.model;

/**
 * Turns a raw score into the published 1-100 score by the raw score's percentile in the scored
 * population, so that the median is 40, the 95th percentile 63 and the top 0.1 % above 85 — the
 * shape Klout published.
 *
 * <p>The population is the exact {@link RawHistogram} of every scored account's raw score; the
 * percentile of a raw score is the share of accounts in lower buckets plus, within its own
 * 0.001-wide bucket, the share proportional to its position in the bucket. Distinct raw scores
 * therefore get distinct percentiles, and the same population always gives the same scores. Until
 * {@link #MIN_POPULATION} accounts are scored a fixed bootstrap table stands in (the model's
 * reference curve). Instances are immutable.
 */
public final class Calibration {
  /** Below this many accounts the bootstrap table is used. */
  public static final long MIN_POPULATION = 1_000;

  /** Percentile → score anchors; linear in between. */
  private static final double[] Q = {0.0, 0.50, 0.95, 0.999, 1.0};

  private static final double[] S = {1.0, 40.0, 63.0, 86.0, 100.0};

  private final RawHistogram histogram;
  private final long[] below;

  private Calibration(RawHistogram histogram) {
    this.histogram = histogram;
    this.below = histogram == null ? null : histogram.cumulativeBelow();
  }

  /** The bootstrap calibration. */
  public static Calibration bootstrap() {
    return new Calibration(null);
  }

  /** The calibration of a population; the bootstrap one below {@link #MIN_POPULATION}. */
  public static Calibration of(RawHistogram histogram) {
    return new Calibration(histogram.total() >= MIN_POPULATION ? histogram : null);
  }

  /** Whether a real population (not the bootstrap table) is behind this calibration. */
  public boolean isPopulationBased() {
    return histogram != null;
  }

  /** Accounts in the population, 0 under the bootstrap table. */
  public long population() {
    return histogram == null ? 0 : histogram.total();
  }

  /** Fraction of the population with a lower raw score, 0-1. */
  public double rank(double raw) {
    if (histogram == null) {
      return interpolate(ModelConfig.QUALITY_CURVE_RAW, Q, raw);
    }
    int b = RawHistogram.bucket(raw);
    double within = Math.max(0, Math.min(1, raw * RawHistogram.PER_POINT - b));
    return (below[b] + within * histogram.count(b)) / histogram.total();
  }

  /** The 1-100 score of a raw score. */
  public double score(double raw) {
    return interpolate(Q, S, rank(raw));
  }

  /** Piecewise-linear interpolation of y over increasing x, clamped at both ends. */
  static double interpolate(double[] xs, double[] ys, double x) {
    if (!(x > xs[0])) {
      return ys[0];
    }
    for (int i = 1; i < xs.length; i++) {
      if (x <= xs[i]) {
        double t = (x - xs[i - 1]) / (xs[i] - xs[i - 1]);
        return ys[i - 1] + t * (ys[i] - ys[i - 1]);
      }
    }
    return ys[ys.length - 1];
  }
}
