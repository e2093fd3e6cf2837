package dev.sway.scoring;

import dev.sway.model.AccountUpdate;
import dev.sway.model.Components;
import dev.sway.model.DayScore;
import dev.sway.model.HistoryRepair;
import dev.sway.model.ScoringModel;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored history points a batch's late events belong to, repaired ({@link HistoryRepair}). Only
 * accounts that received or gave an event older than the day they had reached are read, one GET
 * each in one round: a feed in time order costs nothing here.
 */
final class LateHistory {
  private LateHistory() {}

  /** Per account with late changes, the repaired points to store before the batch's own. */
  static Map<String, List<DayScore>> repair(
      ScoringModel model, StateStore store, Map<String, AccountUpdate> updates) {
    List<String> late = new ArrayList<>();
    updates.forEach(
        (m, u) -> {
          if (!u.late.isEmpty() && !u.history.isEmpty()) {
            late.add(m);
          }
        });
    if (late.isEmpty()) {
      return Map.of();
    }
    Map<String, byte[]> series = store.histories(late);
    if (series == null) {
      return Map.of();
    }
    String version = model.config().version();
    Map<String, List<DayScore>> out = new HashMap<>();
    for (String m : late) {
      TreeMap<Long, Components> stored = new TreeMap<>();
      for (HistoryPoint p : HistorySeries.decode(series.get(m), version).values()) {
        // Points of an earlier model generation keep their model's figures.
        if (version.equals(p.modelVersion())) {
          stored.put(
              p.epochDay(),
              new Components(p.reach(), p.amplification(), p.authority(), p.activity()));
        }
      }
      AccountUpdate u = updates.get(m);
      List<DayScore> repaired =
          HistoryRepair.repair(model, stored, u.history.get(0).epochDay(), u.late);
      if (!repaired.isEmpty()) {
        out.put(m, repaired);
      }
    }
    return out;
  }
}
