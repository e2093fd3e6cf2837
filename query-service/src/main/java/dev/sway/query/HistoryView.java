package dev.sway.query;

import com.google.protobuf.util.Timestamps;
import dev.sway.model.Calibration;
import dev.sway.model.Components;
import dev.sway.model.Decay;
import dev.sway.store.AccountRecord;
import dev.sway.store.HistoryDays;
import dev.sway.store.HistoryPoint;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.ScoreComponents;
import dev.sway.v1.Trend;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * An account's daily history, deltas and trend, all on one calibration.
 *
 * <p>Points are stored raw (with components) only for days the account changed; a day without a
 * point is the previous point decayed by the days in between, which is what the decay sweep makes
 * of the stored score. The last day is the account's current score. Every day is then calibrated
 * with the same, current calibration, so a delta compares like with like and a recalibration never
 * shows as movement. {@code ExplainScore}'s weekly change reads the same days.
 */
final class HistoryView {
  static final long DAY_MS = Decay.DAY_MS;

  /** A move of less than this many points over 7 days is steady. */
  static final double STEADY_POINTS = 2.0;

  /** One day: the raw score and components at its end, and the score they calibrate to. */
  record Day(
      long epochDay,
      double raw,
      Components components,
      double score,
      String modelVersion,
      boolean stored) {}

  private final TreeMap<Long, Day> days = new TreeMap<>();

  /**
   * @param stored the stored points by epoch day
   * @param current the account's latest score, or null
   * @param clockDay the score clock's day; the series runs up to it
   */
  HistoryView(
      TreeMap<Long, HistoryPoint> stored,
      AccountRecord.Score current,
      long clockDay,
      Calibration cal) {
    TreeMap<Long, HistoryPoint> points = new TreeMap<>(stored);
    HistoryPoint now = current == null ? null : point(current);
    if (now != null && (points.isEmpty() || now.epochDay() >= points.lastKey())) {
      points.put(now.epochDay(), now);
    }
    if (points.isEmpty()) {
      return;
    }
    // Every day is measured against the population without this subject, as its score card is, so
    // the last day is the current score.
    Calibration rest = cal.without(now != null ? now.raw() : points.lastEntry().getValue().raw());
    long first = Math.max(points.firstKey(), points.lastKey() - 400);
    long last = Math.max(points.lastKey(), Math.min(clockDay, points.lastKey() + 400));
    for (long d = first; d <= last; d++) {
      HistoryDays.Day day = HistoryDays.at(points, d);
      days.put(
          d,
          new Day(
              d,
              day.raw(),
              day.components(),
              rest.score(day.raw()),
              day.modelVersion(),
              day.stored()));
    }
  }

  /** The account's current score as a point of its evaluation day. */
  private static HistoryPoint point(AccountRecord.Score score) {
    long day = Math.floorDiv(score.scoredAtMs() - 1, DAY_MS);
    Components c = ScoreViews.components(score);
    return new HistoryPoint(
        day,
        c.reach(),
        c.amplification(),
        c.authority(),
        c.activity(),
        score.raw(),
        score.modelVersion());
  }

  boolean isEmpty() {
    return days.isEmpty();
  }

  /** The last day (the account's current score), or null. */
  Day latest() {
    return days.isEmpty() ? null : days.lastEntry().getValue();
  }

  /** The day {@code epochDay}, or null before the first point. */
  Day at(long epochDay) {
    return days.get(epochDay);
  }

  Day first() {
    return days.isEmpty() ? null : days.firstEntry().getValue();
  }

  /** Latest score minus the score {@code days} earlier; NaN when the account had none then. */
  double delta(int n) {
    Day last = latest();
    Day then = last == null ? null : at(last.epochDay() - n);
    return then == null ? Double.NaN : last.score() - then.score();
  }

  List<Day> days() {
    return new ArrayList<>(days.values());
  }

  GetScoreHistoryResponse response(long fromDay, long toDay) {
    GetScoreHistoryResponse.Builder b = GetScoreHistoryResponse.newBuilder();
    for (Day d : days.subMap(fromDay, true, toDay, true).values()) {
      b.addPoints(
          dev.sway.v1.HistoryPoint.newBuilder()
              .setDay(Timestamps.fromMillis(d.epochDay() * DAY_MS))
              .setScore(ScoreViews.round(d.score()))
              .setComponents(
                  ScoreComponents.newBuilder()
                      .setReach(d.components().reach())
                      .setAmplification(d.components().amplification())
                      .setAuthority(d.components().authority())
                      .setActivity(d.components().activity()))
              .setModelVersion(d.modelVersion()));
    }
    double d1 = delta(1);
    double d7 = delta(7);
    double d30 = delta(30);
    // A change is only stated where a score that old exists: "n/a", not a made-up zero.
    if (!Double.isNaN(d1)) {
      b.setDelta1D(roundDelta(d1));
    }
    if (!Double.isNaN(d7)) {
      b.setDelta7D(roundDelta(d7));
    }
    if (!Double.isNaN(d30)) {
      b.setDelta30D(roundDelta(d30));
    }
    b.setTrend(
        Double.isNaN(d7)
            ? Trend.TREND_UNSPECIFIED
            : d7 >= STEADY_POINTS
                ? Trend.TREND_RISING
                : d7 <= -STEADY_POINTS ? Trend.TREND_FALLING : Trend.TREND_STEADY);
    return b.build();
  }

  /** A change in points as the history shows it: to one decimal. */
  static double roundDelta(double d) {
    return Math.round(d * 10.0) / 10.0;
  }
}
