package dev.sway.cli.eval;

import dev.sway.model.ModelConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The model versions {@code sway eval --model} can evaluate side by side: every version listed in
 * {@link #KNOWN}, and each of them with another half-life ("sway-3-hl7.0"), as {@link
 * ModelConfig#defaults} names it.
 */
public final class ModelVersions {
  /** Versions by name; a new model version is added here to be comparable with the old ones. */
  private static final Map<String, Supplier<ModelConfig>> KNOWN = new LinkedHashMap<>();

  static {
    KNOWN.put(ModelConfig.DEFAULT.version(), () -> ModelConfig.DEFAULT);
  }

  private ModelVersions() {}

  /** The configuration of {@code version}. */
  public static ModelConfig named(String version) {
    Supplier<ModelConfig> known = KNOWN.get(version);
    if (known != null) {
      return known.get();
    }
    if (version.contains("-hl")) {
      ModelConfig c = ModelConfig.defaults(ModelConfig.halfLifeDaysOf(version));
      if (c.version().equals(version)) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        "unknown model version '"
            + version
            + "'; known: "
            + String.join(", ", KNOWN.keySet())
            + ", or "
            + ModelConfig.DEFAULT.version()
            + "-hlDAYS for another half-life, e.g. "
            + ModelConfig.defaults(7).version());
  }
}
