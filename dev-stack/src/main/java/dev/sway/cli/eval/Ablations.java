package dev.sway.cli.eval;

import dev.sway.model.ModelConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The model variants of the ablation rows: what a shorter memory and a liveness factor would give,
 * each a versioned configuration (nothing is switched through hidden settings).
 */
public final class Ablations {
  private Ablations() {}

  public static List<TemporalEvaluation.Variant> variants(ModelConfig config) {
    List<TemporalEvaluation.Variant> out = new ArrayList<>();
    ModelConfig week = ModelConfig.defaults(7);
    out.add(new TemporalEvaluation.Variant("half-life 7 days (" + week.version() + ")", week));
    ModelConfig live = config.withLiveness(7, 0.25);
    out.add(
        new TemporalEvaluation.Variant(
            "liveness, 7 days, floor 0.25 (" + live.version() + ")", live));
    ModelConfig both = week.withLiveness(7, 0.25);
    out.add(
        new TemporalEvaluation.Variant(
            "half-life 7 days and liveness (" + both.version() + ")", both));
    return out;
  }
}
