package dev.sway.scoring;

import dev.sway.model.AccountState;
import dev.sway.model.AccountUpdate;
import dev.sway.model.DayScore;
import dev.sway.model.Decay;
import dev.sway.model.Evaluation;
import dev.sway.model.ModelEvent;
import dev.sway.model.RawHistogram;
import dev.sway.model.ScoringModel;
import dev.sway.store.AccountFields;
import dev.sway.store.Decimals;
import dev.sway.store.HistoryPoint;
import java.util.List;
import java.util.Map;

/**
 * Encodes an account's new state, and the score evaluated from it, as one
 * {@link AccountStore.AccountWrite}. Shared by the batch path and the decay sweep, so both store
 * a score the same way.
 */
final class AccountWrites {
  private AccountWrites() {}

  /** The write and, for an account with a score, its leaderboard entries. */
  record Encoded(AccountStore.AccountWrite write, AccountStore.Ranked ranked, Evaluation evaluation) {}

  /**
   * @param update what a batch changed (pairs, topics, history, recent engagers), or null for a
   *     re-evaluation only (the decay sweep)
   * @param received events received and stored with this write (their ids are remembered)
   */
  static Encoded encode(
      ScoringModel model, String member, AccountStore.AccountRead read, AccountState state,
      AccountUpdate update, List<ModelEvent> received, long wallMs) {
    AccountStore.AccountWrite w = new AccountStore.AccountWrite(member, read.version());
    AccountCodec.encode(state, w.accountFields);
    w.events.addAll(received);
    if (update != null) {
      update.pairs.forEach((engager, mass) -> AccountCodec.put(w.pairFields, engager, Double.toString(mass)));
      update.recentEngagers.forEach((engager, ms) -> {
        w.recentEngagers.add(Long.toString(ms));
        w.recentEngagers.add(engager);
      });
      for (String topic : update.topicCounts.keySet()) {
        AccountCodec.put(w.topicFields, topic, Double.toString(state.topics.get(topic)));
      }
    }
    if (!state.isScored()) {
      return new Encoded(w, null, null);
    }
    Evaluation ev = model.evaluate(state);
    double raw = ev.raw();
    w.newBucket = Integer.toString(RawHistogram.bucket(raw));
    AccountCodec.put(w.accountFields, AccountFields.RAW, Double.toString(raw));
    StringBuilder c = new StringBuilder(32);
    Decimals.append(c, ev.components().reach(), 3).append(',');
    Decimals.append(c, ev.components().amplification(), 3).append(',');
    Decimals.append(c, ev.components().authority(), 3).append(',');
    Decimals.append(c, ev.components().activity(), 3);
    AccountCodec.put(w.accountFields, AccountFields.COMPONENTS, c.toString());
    AccountCodec.put(w.accountFields, AccountFields.DISTINCT_ENGAGERS,
        Long.toString(Math.round(ev.distinctEngagers())));
    AccountCodec.put(w.accountFields, AccountFields.MODEL_VERSION, model.config().version());
    AccountCodec.put(w.accountFields, AccountFields.UPDATED_MS, Long.toString(wallMs));
    AccountCodec.put(w.accountFields, AccountFields.SCORED_AT_MS, Long.toString(Decay.endOfDayMs(ev.epochDay())));
    for (Map.Entry<String, Double> t : ev.topicRaws().entrySet()) {
      AccountCodec.put(w.topicRawFields, t.getKey(), Double.toString(t.getValue()));
    }
    if (update != null) {
      for (DayScore d : update.history) {
        HistoryPoint p = new HistoryPoint(d.epochDay(), d.components().reach(),
            d.components().amplification(), d.components().authority(), d.components().activity(),
            d.raw(), model.config().version());
        AccountCodec.put(w.historyFields, Long.toString(d.epochDay()), p.encode());
      }
    }
    return new Encoded(w, new AccountStore.Ranked(member, raw, ev.topicRaws()), ev);
  }

  /** The state of an account as read (a new empty state for one never stored), with its topics. */
  static AccountState decode(AccountStore.AccountRead read) {
    AccountState s = AccountCodec.decode(read.record());
    s.topics.putAll(read.topics());
    return s;
  }
}
