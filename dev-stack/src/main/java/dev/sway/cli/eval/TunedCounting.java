package dev.sway.cli.eval;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * "Best tuned counting": for each summary separately, the best value any counting baseline reaches
 * and which one reaches it. Each summary may pick a different count, chosen with hindsight on the
 * very cuts it is scored on, so it is at least as good as any single count a practitioner could
 * have fixed in advance.
 */
public record TunedCounting(Map<MethodRow.Stat, Best> best) {
  /** The best value of one summary, and every count that reaches it (ties are all named). */
  public record Best(double value, List<String> methods) {}

  /** The best of the {@link MethodRow.Kind#COUNTING} rows of {@code rows}. */
  public static TunedCounting of(List<MethodRow> rows) {
    Map<MethodRow.Stat, Best> best = new EnumMap<>(MethodRow.Stat.class);
    for (MethodRow.Stat stat : MethodRow.Stat.values()) {
      double top = Double.NEGATIVE_INFINITY;
      List<String> names = new ArrayList<>();
      for (MethodRow r : rows) {
        if (r.kind() != MethodRow.Kind.COUNTING) {
          continue;
        }
        double v = r.value(stat);
        if (v > top) {
          top = v;
          names.clear();
        }
        if (v == top) {
          names.add(r.method());
        }
      }
      if (names.isEmpty()) {
        throw new IllegalArgumentException("no counting rows");
      }
      best.put(stat, new Best(top, List.copyOf(names)));
    }
    return new TunedCounting(Map.copyOf(best));
  }

  public Best get(MethodRow.Stat stat) {
    return best.get(stat);
  }
}
