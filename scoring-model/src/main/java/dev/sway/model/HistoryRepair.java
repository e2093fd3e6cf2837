package dev.sway.model;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Puts a late event into the history points of the days it belongs to. A point holds the components
 * at the end of its day, each a log-scaled decayed sum; the sums are commutative, so the point the
 * event should have been in is the stored point with the event's amount, decayed to the end of that
 * day, added to each sum. A day that had no point gets one: the previous point decayed to that day
 * (as a reader shows an idle day) plus the change.
 *
 * <p>Exact up to the rounding of the stored components (0.01) and of the raw score recomputed from
 * them, except for a component held at 100 by its cap, which stays there. Reach is not changed: a
 * late snapshot counts from the day the batch writes. A model with a liveness factor (an evaluated
 * variant, not {@code sway-3}) multiplies the sums by a factor of the latest event, which a point
 * does not record, so its points are not repaired.
 */
public final class HistoryRepair {
  private HistoryRepair() {}

  /** Whether {@code model}'s points can be repaired (it has no liveness factor). */
  public static boolean supported(ScoringModel model) {
    return !(model.config().livenessHalfLifeDays() > 0);
  }

  /** {@code c} with the changes of days up to {@code epochDay} added, valued at its end. */
  public static Components add(
      ScoringModel model, Components c, long epochDay, List<LateChange> changes) {
    ModelConfig cfg = model.config();
    long endMs = Decay.endOfDayMs(epochDay);
    double amp = 0;
    double auth = 0;
    double actions = 0;
    for (LateChange ch : changes) {
      if (ch.day() <= epochDay) {
        double f = model.decay().factor(endMs - ch.timeMs());
        amp += ch.amplification() * f;
        auth += ch.authority() * f;
        actions += ch.actions() * f;
      }
    }
    return new Components(
        c.reach(),
        plus(c.amplification(), cfg.ampLog10Max(), amp),
        plus(c.authority(), cfg.authLog10Max(), auth),
        plus(c.activity(), cfg.activityLog10Max(), actions));
  }

  /**
   * The repaired points of an account: every stored day from the first late change's day up to (not
   * including) {@code beforeDay}, the day of the first point the batch writes, and a point for each
   * late change's day that had none.
   *
   * @param stored the account's stored points by day (components)
   * @return the points to store, in day order; empty when nothing is late before {@code beforeDay}
   */
  public static List<DayScore> repair(
      ScoringModel model,
      NavigableMap<Long, Components> stored,
      long beforeDay,
      List<LateChange> changes) {
    TreeMap<Long, Components> base = new TreeMap<>();
    long first = Long.MAX_VALUE;
    for (LateChange ch : changes) {
      first = Math.min(first, ch.day());
    }
    if (first >= beforeDay) {
      return List.of();
    }
    for (Map.Entry<Long, Components> e : stored.subMap(first, true, beforeDay, false).entrySet()) {
      base.put(e.getKey(), e.getValue());
    }
    for (LateChange ch : changes) {
      long day = ch.day();
      if (day < beforeDay && !base.containsKey(day)) {
        Map.Entry<Long, Components> floor = stored.floorEntry(day);
        base.put(
            day,
            floor == null
                ? Components.ZERO
                : model.decayed(floor.getValue(), (day - floor.getKey()) * Decay.DAY_MS));
      }
    }
    return base.entrySet().stream()
        .map(
            e -> {
              Components c = add(model, e.getValue(), e.getKey(), changes);
              return new DayScore(e.getKey(), c, model.raw(c));
            })
        .toList();
  }

  /** A log-scaled component with {@code amount} added to the sum it stands for. */
  private static double plus(double component, double log10Max, double amount) {
    if (amount == 0 || component >= 100) {
      return component;
    }
    double sum = Math.pow(10.0, component * log10Max / 100.0) - 1.0;
    return ScoringModel.scaled(Math.max(0, sum + amount), log10Max);
  }
}
