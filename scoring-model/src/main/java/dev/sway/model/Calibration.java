package dev.sway.model;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Turns a raw score into the published 1-100 score by the raw score's percentile in the scored
 * population, so that the median is 40, the 95th percentile 63 and the top 0.1 % above 85 —
 * the shape Klout published.
 *
 * <p>The population is summarised by a KLL quantile sketch (mergeable; k=1000 gives ~0.3 % rank
 * error in tens of KiB whatever the population — k=200 missed the steep top of the curve in
 * about one build in ten). Until {@link #MIN_POPULATION} raw scores are in
 * it, a fixed bootstrap table stands in for the population. Instances are immutable snapshots:
 * the scoring service swaps in a new one when it recalibrates.
 */
public final class Calibration {
  /** Below this many accounts the bootstrap table is used. */
  public static final long MIN_POPULATION = 1_000;

  /** Percentile → score anchors; linear in between. */
  private static final double[] Q = {0.0, 0.50, 0.95, 0.999, 1.0};
  private static final double[] S = {1.0, 40.0, 63.0, 86.0, 100.0};
  /** Bootstrap: raw scores assumed at those percentiles before a population is known. */
  private static final double[] BOOT_RAW = {0.0, 6.0, 22.0, 45.0, 100.0};

  private final KllDoublesSketch sketch;
  private final long version;

  private Calibration(KllDoublesSketch sketch, long version) {
    this.sketch = sketch;
    this.version = version;
  }

  /** The bootstrap calibration, version 0. */
  public static Calibration bootstrap() {
    return new Calibration(null, 0);
  }

  /** A calibration from a population sketch. */
  public static Calibration of(KllDoublesSketch sketch, long version) {
    return new Calibration(sketch.getN() >= MIN_POPULATION ? sketch : null, version);
  }

  /** A calibration from the bytes of a sketch, as stored by {@link #newSketch()} users. */
  public static Calibration fromBytes(byte[] sketchBytes, long version) {
    return of(KllDoublesSketch.heapify(Memory.wrap(sketchBytes)), version);
  }

  public static KllDoublesSketch newSketch() {
    return KllDoublesSketch.newHeapInstance(1000);
  }

  public long version() {
    return version;
  }

  /** Whether a real population (not the bootstrap table) is behind this calibration. */
  public boolean isPopulationBased() {
    return sketch != null;
  }

  /** Fraction of the population with a lower raw score, 0-1 (ties count half). */
  public double rank(double raw) {
    if (sketch == null) {
      return interpolate(BOOT_RAW, Q, raw);
    }
    double below = sketch.getRank(raw, QuantileSearchCriteria.EXCLUSIVE);
    double atOrBelow = sketch.getRank(raw, QuantileSearchCriteria.INCLUSIVE);
    return (below + atOrBelow) / 2.0;
  }

  /** The 1-100 score of a raw score. */
  public double score(double raw) {
    return interpolate(Q, S, rank(raw));
  }

  /** Piecewise-linear interpolation of y over increasing x, clamped at both ends. */
  static double interpolate(double[] xs, double[] ys, double x) {
    if (x <= xs[0]) {
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
