package dev.sway.scoring;

import dev.sway.model.AccountUpdate;
import dev.sway.model.DayScore;
import dev.sway.model.Decay;
import dev.sway.model.Evaluation;
import dev.sway.model.ModelEvent;
import dev.sway.model.RawHistogram;
import dev.sway.model.ScoringModel;
import dev.sway.store.AccountRecord;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns an account's new state, and the score evaluated from it, into one {@link
 * StateStore.AccountWrite}. Shared by the batch path and the decay sweep, so both store a score the
 * same way.
 */
final class AccountWrites {
  private AccountWrites() {}

  /** The write and, for an account with a score, its leaderboard entries. */
  record Encoded(StateStore.AccountWrite write, StateStore.Ranked ranked, Evaluation evaluation) {}

  /**
   * @param record the account as read, its state already changed by the batch
   * @param update what a batch changed (history days), or null for a re-evaluation only (the decay
   *     sweep)
   * @param received events received and stored with this write (their ids are remembered)
   * @param repaired stored days a late event belongs to, repaired, all before the batch's first
   *     point (empty: none)
   */
  static Encoded encode(
      ScoringModel model,
      String member,
      AccountRecord record,
      AccountUpdate update,
      List<ModelEvent> received,
      List<DayScore> repaired,
      long wallMs) {
    long expected = record.version;
    int oldBucket = record.score == null ? -1 : RawHistogram.bucket(record.score.raw());
    byte[] points = new byte[0];
    boolean replaceLastPoint = false;
    StateStore.Ranked ranked = null;
    Evaluation ev = null;
    if (record.state.isScored()) {
      ev = model.evaluate(record.state);
      record.score =
          new AccountRecord.Score(
              ev.raw(),
              ev.components(),
              Math.round(ev.distinctEngagers()),
              Decay.endOfDayMs(ev.epochDay()),
              wallMs,
              model.config().version(),
              ev.topicRaws());
      ranked =
          new StateStore.Ranked(member, ev.raw(), ev.topicRaws(), ev.epochDay(), record.personId);
      if (update != null && !update.history.isEmpty()) {
        List<DayScore> all = new ArrayList<>(repaired);
        all.addAll(update.history);
        List<HistoryPoint> days = new ArrayList<>(all.size());
        for (DayScore d : all) {
          days.add(
              new HistoryPoint(
                  d.epochDay(),
                  d.components().reach(),
                  d.components().amplification(),
                  d.components().authority(),
                  d.components().activity(),
                  d.raw(),
                  model.config().version()));
        }
        points = HistorySeries.encode(days);
        replaceLastPoint = days.get(0).epochDay() == record.lastHistoryDay;
        record.lastHistoryDay = days.get(days.size() - 1).epochDay();
      }
    } else {
      record.score = null;
    }
    int newBucket = record.score == null ? -1 : RawHistogram.bucket(record.score.raw());
    byte[] bytes = record.encode(expected + 1);
    StateStore.AccountWrite w =
        new StateStore.AccountWrite(
            member, expected, bytes, points, replaceLastPoint, oldBucket, newBucket, received);
    return new Encoded(w, ranked, ev);
  }
}
