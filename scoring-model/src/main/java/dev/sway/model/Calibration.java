package dev.sway.model;

/**
 * Turns a raw score into the published 1-100 score, so that the median is 40, the 95th percentile
 * about 63 and the top 0.1 % above 85 — the shape Klout published — while behaving like a
 * measurement at the top, where a rank among a handful of accounts would not.
 *
 * <p>Two parts, joined continuously at the population's 90th percentile {@code u}:
 *
 * <ul>
 *   <li><b>Body</b> (raw ≤ u): the raw score's exact percentile in the {@link RawHistogram}, each
 *       0.001-wide bucket's accounts spread evenly over the bucket. Continuous and non-decreasing.
 *   <li><b>Tail</b> (raw &gt; u): the percentile an exponential tail fitted on the top tenth of the
 *       population gives, {@code 1 − S(u)·exp(−(raw − u)/m)}. The scale {@code m} comes from the
 *       mass in {@code [u, u + c]} only ({@link TailFit}), so an account far into the tail weighs
 *       on it exactly as much wherever it is: the top account's score follows its distance into the
 *       tail, not its rank among the few accounts near it, and one account passing another moves
 *       neither.
 * </ul>
 *
 * <p>An account is always scored against the rest of the population: {@link #scoreOf} takes its own
 * entry out of the histogram first. The rest does not change when the account's own raw score moves
 * it from one bucket to another, so its displayed score is a fixed, continuous, non-decreasing
 * function of its raw score — a genuine new engagement never lowers it, its own move through the
 * histogram included. Deterministic, and histograms of several nodes still merge by adding. Until
 * {@link #MIN_POPULATION} accounts are scored the model's reference curve stands in. Instances are
 * immutable.
 */
public final class Calibration {
  /** Below this many accounts the bootstrap table is used. */
  public static final long MIN_POPULATION = 1_000;

  /** The percentile above which the fitted tail decides. */
  public static final double TAIL_FROM = 0.90;

  /** Percentile → score anchors; linear in between. */
  private static final double[] Q = {0.0, 0.50, 0.95, 0.999, 1.0};

  private static final double[] S = {1.0, 40.0, 63.0, 86.0, 100.0};

  private final Population population;
  private final TailFit tail;

  private Calibration(Population population) {
    this.population = population;
    this.tail = population == null ? null : TailFit.of(population);
  }

  /** The bootstrap calibration. */
  public static Calibration bootstrap() {
    return new Calibration(null);
  }

  /** The calibration of a population; the bootstrap one below {@link #MIN_POPULATION}. */
  public static Calibration of(RawHistogram histogram) {
    return new Calibration(histogram.total() >= MIN_POPULATION ? Population.of(histogram) : null);
  }

  /** Whether a real population (not the bootstrap table) is behind this calibration. */
  public boolean isPopulationBased() {
    return population != null;
  }

  /** Accounts in the population, 0 under the bootstrap table. */
  public long population() {
    return population == null ? 0 : population.total();
  }

  /**
   * The same calibration without one account whose raw score is {@code raw}: the population the
   * account with that score is measured against. When no account sits in that bucket (a histogram
   * read before the account's latest write, which still holds it at its previous, usually lower,
   * raw score) the nearest entry below is taken out instead. A no-op under the bootstrap table.
   */
  public Calibration without(double raw) {
    if (population == null) {
      return this;
    }
    Population rest = population.without(RawHistogram.bucket(raw));
    return rest == population ? this : new Calibration(rest);
  }

  /** The score of an account whose own raw score, counted in the histogram, is {@code raw}. */
  public double scoreOf(double raw) {
    return without(raw).score(raw);
  }

  /** The percentile (0-1) of an account counted in the histogram: the share of the others below. */
  public double rankOf(double raw) {
    return without(raw).rank(raw);
  }

  /** Fraction of the population with a lower raw score, 0-1 (the empirical percentile). */
  public double rank(double raw) {
    if (population == null) {
      return interpolate(ModelConfig.QUALITY_CURVE_RAW, Q, raw);
    }
    return population.cdf(raw);
  }

  /**
   * The percentile the score is read from, 0-1: the empirical one up to the tail's start, the
   * fitted tail's beyond it.
   */
  public double calibratedRank(double raw) {
    if (population == null) {
      return rank(raw);
    }
    return raw > tail.start() ? tail.rank(raw) : population.cdf(raw);
  }

  /** The 1-100 score of a raw score. */
  public double score(double raw) {
    return interpolate(Q, S, calibratedRank(raw));
  }

  /** The fitted tail (null under the bootstrap table), for documentation and diagnostics. */
  public TailFit tail() {
    return tail;
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
