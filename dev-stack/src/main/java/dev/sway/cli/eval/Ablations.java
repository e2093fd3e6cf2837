package dev.sway.cli.eval;

import dev.sway.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/** The model variants of the ablation rows: each of the model's signals switched off in turn. */
public final class Ablations {
  private Ablations() {}

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  public static List<TemporalEvaluation.Variant> variants(ModelConfig config) {
    List<TemporalEvaluation.Variant> out = new ArrayList<>();
    return out;
  }
}
