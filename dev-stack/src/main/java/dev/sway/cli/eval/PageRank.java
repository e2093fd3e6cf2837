package dev.sway.cli.eval;

import java.util.Arrays;

/** Weighted PageRank by power iteration; dangling mass is spread evenly. */
final class PageRank {
  private PageRank() {}

  /**
   * PageRank of {@code n} nodes over the edges {@code from[i] → to[i]}, each counted once (repeated
   * edges add weight).
   */
  static double[] compute(int n, int[] from, int[] to, double damping, int iterations) {
    int m = from.length;
    double[] outWeight = new double[n];
    for (int i = 0; i < m; i++) {
      outWeight[from[i]]++;
    }
    double[] rank = new double[n];
    Arrays.fill(rank, 1.0 / n);
    for (int it = 0; it < iterations; it++) {
      double dangling = 0;
      for (int v = 0; v < n; v++) {
        if (outWeight[v] == 0) {
          dangling += rank[v];
        }
      }
      double base = (1 - damping) / n + damping * dangling / n;
      double[] next = new double[n];
      Arrays.fill(next, base);
      for (int i = 0; i < m; i++) {
        next[to[i]] += damping * rank[from[i]] / outWeight[from[i]];
      }
      rank = next;
    }
    return rank;
  }
}
