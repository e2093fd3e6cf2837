package dev.sway.cli.eval;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Rank statistics used by the evaluation. */
public final class Ranking {
  private Ranking() {}

  /** Ranks 1..n with ties given their average rank. */
  static double[] averageRanks(double[] values) {
    Integer[] idx = IntStream.range(0, values.length).boxed().toArray(Integer[]::new);
    Arrays.sort(idx, Comparator.comparingDouble(i -> values[i]));
    double[] ranks = new double[values.length];
    int i = 0;
    while (i < idx.length) {
      int j = i;
      while (j + 1 < idx.length && values[idx[j + 1]] == values[idx[i]]) {
        j++;
      }
      double avg = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[idx[k]] = avg;
      }
      i = j + 1;
    }
    return ranks;
  }

  /** Spearman's rank correlation (Pearson correlation of average ranks). */
  public static double spearman(double[] a, double[] b) {
    return pearson(averageRanks(a), averageRanks(b));
  }

  static double pearson(double[] x, double[] y) {
    double mx = Arrays.stream(x).average().orElse(0);
    double my = Arrays.stream(y).average().orElse(0);
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
    return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
  }

  /** Indexes of the k largest values; ties broken by lower index. */
  static int[] topK(double[] v, int k) {
    return IntStream.range(0, v.length)
        .boxed()
        .sorted(Comparator.<Integer>comparingDouble(i -> -v[i]).thenComparingInt(i -> i))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** Share of the predictor's top k that are in the truth's top k. */
  public static double precisionAtK(double[] predicted, double[] truth, int k) {
    int[] p = topK(predicted, k);
    boolean[] inTruth = new boolean[truth.length];
    for (int i : topK(truth, k)) {
      inTruth[i] = true;
    }
    int hits = 0;
    for (int i : p) {
      if (inTruth[i]) {
        hits++;
      }
    }
    return hits / (double) k;
  }
}
