package dev.sway.model;

/**
 * The exponential tail fitted to a population's top tenth: beyond {@code start} (the 90th
 * percentile) the share of accounts above a raw score {@code r} is modelled as {@code S(start) ·
 * exp(−(r − start)/scale)}.
 *
 * <p>Why exponential: raw scores are sums of log-scaled engagement, and engagement is heavy-tailed,
 * so the top of the raw distribution falls off about exponentially (on the four evaluation datasets
 * the 90→99 and 99→99.9 percentile gaps agree within a factor of 1.5).
 *
 * <p>Why this estimator: the scale is solved from the mean excess over {@code start} with each
 * excess capped at {@code cap} ({@code m (1 − e^(−cap/m))} is that mean for an exponential), which
 * is the survival function's integral over {@code [start, start + cap]}. An account further into
 * the tail than the cap counts the same wherever it is, so the top account's score does not depend
 * on how the few accounts near it are placed, and one account moving changes the mean by at most
 * {@code cap/k} of {@code k} tail accounts (about 2/k of the scale). The cap is {@link #CAP_SCALES}
 * scales, starting from the quantile estimate {@code (p99 − p90) / ln 10} and refitted {@link
 * #ITERATIONS} times. Part of the calibration's definition: deterministic.
 *
 * @param start the raw score where the tail begins (the population's 90th percentile)
 * @param share the share of the population above {@code start}
 * @param cap the excess beyond which an account counts the same
 * @param scale the fitted scale, in raw points
 */
public record TailFit(double start, double share, double cap, double scale) {
  /** The cap, in first-estimate scales. */
  static final double CAP_SCALES = 2.0;

  /** No scale below a bucket's width (a tail in one bucket) or above the raw range. */
  static final double MIN_SCALE = 1.0 / RawHistogram.PER_POINT;

  static final double MAX_SCALE = 100.0;

  /**
   * Rounds of fitting: the cap is set from the previous round's scale, so the result rests on the
   * mean excess of the whole tail rather than on the 99th percentile's position (a few accounts at
   * small populations). Each round is two look-ups in the histogram's prefix sums; 30 rounds take
   * the error of an exponential tail's fit below 10^-14 of its scale.
   */
  static final int ITERATIONS = 30;

  static TailFit of(Population p) {
    double start = p.quantile(Calibration.TAIL_FROM);
    double share = 1 - p.cdf(start);
    double scale = Math.max(MIN_SCALE, (p.quantile(0.99) - start) / Math.log(10));
    if (share > 0) {
      // With the cap at CAP_SCALES scales, an exponential's capped mean excess is scale · keep:
      // iterate scale = meanExcess(cap = CAP_SCALES · scale) / keep to its fixed point (a
      // contraction: the error shrinks about threefold a round for an exponential tail).
      double keep = -Math.expm1(-CAP_SCALES);
      double base = p.survivalIntegral(start);
      for (int i = 0; i < ITERATIONS; i++) {
        double meanExcess = (p.survivalIntegral(start + CAP_SCALES * scale) - base) / share;
        scale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, meanExcess / keep));
      }
    }
    return new TailFit(start, share, CAP_SCALES * scale, scale);
  }

  /** The modelled share of the population below {@code raw} (for raw beyond {@code start}). */
  double rank(double raw) {
    return 1 - share * Math.exp(-(raw - start) / scale);
  }
}
