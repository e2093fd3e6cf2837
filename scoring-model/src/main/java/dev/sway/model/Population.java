package dev.sway.model;

/**
 * The raw scores of a population as a continuous distribution: the {@link RawHistogram}'s counts,
 * each bucket's accounts spread evenly over its 0.001 width, so the distribution function is
 * piecewise linear and continuous. Optionally one account is taken out of one bucket (the account
 * being measured), in O(1): the prefix sums are shared and corrected on the fly.
 *
 * <p>Immutable; {@link #without} shares the arrays.
 */
final class Population {
  private static final double WIDTH = 1.0 / RawHistogram.PER_POINT;

  private final long[] counts;

  /** {@code below[b]}: accounts in buckets below {@code b}. */
  private final long[] below;

  /**
   * {@code area2[b]}: twice the sum over buckets {@code j < b} of {@code total − below[j] −
   * count[j]/2}, i.e. of the accounts above each bucket (half of its own), in whole numbers.
   */
  private final long[] area2;

  private final long fullTotal;

  /** The bucket one account was taken out of, or -1. */
  private final int removed;

  private Population(long[] counts, long[] below, long[] area2, long fullTotal, int removed) {
    this.counts = counts;
    this.below = below;
    this.area2 = area2;
    this.fullTotal = fullTotal;
    this.removed = removed;
  }

  static Population of(RawHistogram h) {
    int n = RawHistogram.BUCKETS;
    long[] counts = new long[n];
    long[] below = new long[n + 1];
    long[] area2 = new long[n + 1];
    long total = h.total();
    for (int b = 0; b < n; b++) {
      counts[b] = h.count(b);
      below[b + 1] = below[b] + counts[b];
      area2[b + 1] = area2[b] + 2 * (total - below[b]) - counts[b];
    }
    return new Population(counts, below, area2, total, -1);
  }

  /**
   * The same population without one account of {@code bucket} or, when that bucket is empty, of the
   * nearest occupied bucket below it; this when there is none.
   *
   * <p>The fallback is for a histogram read before the account's latest write: it still holds the
   * account at its previous raw score, which for an account that gained is below the new one —
   * usually the nearest entry below, since a score rises in small steps. Removing that entry gives
   * the same population as a fresh histogram would, so a stale read does not show a dip.
   */
  Population without(int bucket) {
    if (removed >= 0) {
      return this;
    }
    int b = bucket;
    if (counts[b] == 0) {
      long lower = below[b];
      if (lower == 0) {
        return this;
      }
      // The bucket holding the highest account below: the first whose end reaches that count.
      int lo = 0;
      int hi = b - 1;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (below[mid + 1] >= lower) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      b = lo;
    }
    return new Population(counts, below, area2, fullTotal, b);
  }

  long total() {
    return removed < 0 ? fullTotal : fullTotal - 1;
  }

  private long count(int b) {
    return counts[b] - (b == removed ? 1 : 0);
  }

  private long below(int b) {
    return below[b] - (removed >= 0 && removed < b ? 1 : 0);
  }

  /** Twice the survival mass of the whole buckets below {@code b}, times the total. */
  private long area2(int b) {
    if (removed < 0) {
      return area2[b];
    }
    // Per bucket j the term 2(total − below[j]) − count[j] loses 2 for j < removed, 1 at removed.
    return area2[b] - 2L * Math.min(b, removed) - (removed < b ? 1 : 0);
  }

  /** Share of the population below {@code raw}: continuous, non-decreasing, 0-1. */
  double cdf(double raw) {
    long n = total();
    if (n <= 0) {
      return 0;
    }
    int b = RawHistogram.bucket(raw);
    return (below(b) + within(raw, b) * count(b)) / n;
  }

  /** The raw score below which a share {@code p} (0-1) of the population lies. */
  double quantile(double p) {
    double target = p * total();
    // The first bucket whose end reaches the target: below(b + 1) is non-decreasing in b.
    int lo = 0;
    int hi = RawHistogram.BUCKETS - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (below(mid + 1) >= target) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    long c = count(lo);
    double w = c == 0 ? 0 : Math.max(0, Math.min(1, (target - below(lo)) / c));
    return (lo + w) * WIDTH;
  }

  /** {@code ∫ (1 − cdf(t)) dt} from 0 to {@code raw}, in raw points. */
  double survivalIntegral(double raw) {
    long n = total();
    if (n <= 0 || !(raw > 0)) {
      return 0;
    }
    int b = RawHistogram.bucket(raw);
    double w = within(raw, b);
    double partial = 2 * w * (n - below(b)) - count(b) * w * w;
    return WIDTH * (area2(b) + partial) / (2.0 * n);
  }

  private static double within(double raw, int bucket) {
    return Math.max(0, Math.min(1, raw * RawHistogram.PER_POINT - bucket));
  }
}
