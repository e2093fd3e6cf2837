package dev.sway.cli.eval;

import java.util.List;
import java.util.Map;

/** Weighted PageRank by power iteration; dangling mass is spread evenly. */
final class PageRank {
  private PageRank() {}

  static double[] compute(int n, List<HiggsLog.Event> edges, Map<Integer, Integer> index,
      double damping, int iterations) {
    int m = edges.size();
    int[] from = new int[m];
    int[] to = new int[m];
    double[] outWeight = new double[n];
    for (int i = 0; i < m; i++) {
      from[i] = index.get(edges.get(i).actor());
      to[i] = index.get(edges.get(i).target());
      outWeight[from[i]]++;
    }
    double[] rank = new double[n];
    java.util.Arrays.fill(rank, 1.0 / n);
    for (int it = 0; it < iterations; it++) {
      double dangling = 0;
      for (int v = 0; v < n; v++) {
        if (outWeight[v] == 0) {
          dangling += rank[v];
        }
      }
      double base = (1 - damping) / n + damping * dangling / n;
      double[] next = new double[n];
      java.util.Arrays.fill(next, base);
      for (int i = 0; i < m; i++) {
        next[to[i]] += damping * rank[from[i]] / outWeight[from[i]];
      }
      rank = next;
    }
    return rank;
  }
}
