package dev.sway.cli.eval;

import dev.sway.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/** The model variants of the ablation rows: each of the model's signals switched off in turn. */
public final class Ablations {
  private Ablations() {}

  public static List<TemporalEvaluation.Variant> variants(ModelConfig config) {
    List<TemporalEvaluation.Variant> out = new ArrayList<>();
    return out;
  }
}
