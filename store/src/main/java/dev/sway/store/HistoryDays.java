package dev.sway.store;

import dev.sway.model.Components;
import dev.sway.model.Decay;
import dev.sway.model.ModelConfig;
import dev.sway.model.ScoringModel;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an account's stored history says about one day: the point of that day, or else the latest
 * earlier point decayed by the days in between (what the decay sweep makes of an idle account). The
 * query service's history and the scoring service's movers index both read days through here, so a
 * delta shown by {@code GetScoreHistory} and the one {@code ListMovers} ranks by agree.
 */
public final class HistoryDays {
  private static final Map<String, ScoringModel> MODELS = new ConcurrentHashMap<>();

  private HistoryDays() {}

  /** The raw score and components at the end of a day. */
  public record Day(
      long epochDay, double raw, Components components, String modelVersion, boolean stored) {}

  /**
   * The day {@code epochDay} from {@code points} (by epoch day), or null before the first point.
   */
  public static Day at(NavigableMap<Long, HistoryPoint> points, long epochDay) {
    Map.Entry<Long, HistoryPoint> floor = points.floorEntry(epochDay);
    if (floor == null) {
      return null;
    }
    HistoryPoint p = floor.getValue();
    Components c = new Components(p.reach(), p.amplification(), p.authority(), p.activity());
    if (p.epochDay() == epochDay) {
      return new Day(epochDay, p.raw(), c, p.modelVersion(), true);
    }
    ScoringModel model = model(p.modelVersion());
    Components decayed = model.decayed(c, (epochDay - p.epochDay()) * Decay.DAY_MS);
    return new Day(epochDay, model.raw(decayed), decayed, p.modelVersion(), false);
  }

  /** The model a stored version string stands for (its half-life), made once per version. */
  public static ScoringModel model(String version) {
    return MODELS.computeIfAbsent(
        version, v -> new ScoringModel(ModelConfig.defaults(ModelConfig.halfLifeDaysOf(v))));
  }
}
