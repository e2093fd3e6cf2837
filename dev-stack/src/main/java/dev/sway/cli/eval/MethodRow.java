package dev.sway.cli.eval;

import java.util.Arrays;

/**
 * One method of the table: its Spearman ρ and precision@100 at every cut, summarised by their mean
 * and their worst (lowest) value over the cuts.
 */
public record MethodRow(String method, Kind kind, double[] spearman, double[] precision) {
  /** What a row is; counting rows compete for "best tuned counting". */
  public enum Kind {
    SWAY,
    COUNTING,
    BASELINE,
    ABLATION,
    DIAGNOSTIC
  }

  /** The four summaries the table reports, higher is better for each. */
  public enum Stat {
    SPEARMAN_MEAN("ρ mean"),
    SPEARMAN_WORST("ρ worst"),
    PRECISION_MEAN("p@" + TemporalEvaluation.TOP + " mean"),
    PRECISION_WORST("p@" + TemporalEvaluation.TOP + " worst");

    public final String label;

    Stat(String label) {
      this.label = label;
    }

    public double of(MethodRow row) {
      return switch (this) {
        case SPEARMAN_MEAN -> mean(row.spearman());
        case SPEARMAN_WORST -> worst(row.spearman());
        case PRECISION_MEAN -> mean(row.precision());
        case PRECISION_WORST -> worst(row.precision());
      };
    }
  }

  public MethodRow {
    if (spearman.length != precision.length || spearman.length == 0) {
      throw new IllegalArgumentException("one value of each measure per cut");
    }
  }

  public double value(Stat stat) {
    return stat.of(this);
  }

  static double mean(double[] v) {
    return Arrays.stream(v).average().orElseThrow();
  }

  static double worst(double[] v) {
    return Arrays.stream(v).min().orElseThrow();
  }
}
