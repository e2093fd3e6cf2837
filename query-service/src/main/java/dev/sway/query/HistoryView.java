package dev.sway.query;

import com.google.protobuf.util.Timestamps;
import dev.sway.store.HistoryPoint;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.ScoreComponents;
import dev.sway.v1.Trend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Daily history, deltas and trend, from the stored points of one account. */
final class HistoryView {
  static final long DAY_MS = 86_400_000L;
  /** A move of less than this many points over 7 days is steady. */
  static final double STEADY_POINTS = 2.0;

  private final List<HistoryPoint> points;

  HistoryView(Map<String, String> stored) {
    List<HistoryPoint> p = new ArrayList<>(stored.size());
    stored.forEach((day, value) -> p.add(HistoryPoint.decode(Long.parseLong(day), value)));
    p.sort((a, b) -> Long.compare(a.epochDay(), b.epochDay()));
    this.points = p;
  }

  List<HistoryPoint> points() {
    return points;
  }

  /** The latest point on or before {@code epochDay}, or null. */
  HistoryPoint at(long epochDay) {
    HistoryPoint found = null;
    for (HistoryPoint p : points) {
      if (p.epochDay() > epochDay) {
        break;
      }
      found = p;
    }
    return found;
  }

  HistoryPoint latest() {
    return points.isEmpty() ? null : points.get(points.size() - 1);
  }

  /** Latest score minus the score {@code days} before the latest point; NaN when unknown. */
  double delta(int days) {
    HistoryPoint last = latest();
    if (last == null) {
      return Double.NaN;
    }
    HistoryPoint then = at(last.epochDay() - days);
    return then == null ? Double.NaN : last.score() - then.score();
  }

  GetScoreHistoryResponse response(long fromDay, long toDay) {
    GetScoreHistoryResponse.Builder b = GetScoreHistoryResponse.newBuilder();
    for (HistoryPoint p : points) {
      if (p.epochDay() >= fromDay && p.epochDay() <= toDay) {
        b.addPoints(dev.sway.v1.HistoryPoint.newBuilder()
            .setDay(Timestamps.fromMillis(p.epochDay() * DAY_MS))
            .setScore(p.score())
            .setComponents(ScoreComponents.newBuilder().setReach(p.reach())
                .setAmplification(p.amplification()).setAuthority(p.authority()).setActivity(p.activity()))
            .setModelVersion(p.modelVersion())
            .setCalibrationVersion(p.calibrationVersion()));
      }
    }
    double d7 = delta(7);
    b.setDelta1D(orZero(delta(1))).setDelta7D(orZero(d7)).setDelta30D(orZero(delta(30)));
    b.setTrend(Double.isNaN(d7) ? Trend.TREND_UNSPECIFIED
        : d7 >= STEADY_POINTS ? Trend.TREND_RISING
        : d7 <= -STEADY_POINTS ? Trend.TREND_FALLING : Trend.TREND_STEADY);
    return b.build();
  }

  private static double orZero(double d) {
    return Double.isNaN(d) ? 0 : Math.round(d * 10.0) / 10.0;
  }
}
