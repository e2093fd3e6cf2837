package dev.sway.scoring;

import dev.sway.model.ModelEvent;
import dev.sway.store.AccountRecord;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where {@link BatchScorer} keeps account records: Redis in the service ({@link AccountStore}),
 * memory in the offline evaluation ({@link MemoryStateStore}). Both hold the same encoded records,
 * so the evaluation runs the service's code path from grouping to encoding.
 */
public interface StateStore {
  /** The records of a batch's accounts and which of its events were already stored. */
  record Reads(Map<String, AccountRecord> records, Map<ModelEvent, Boolean> duplicates) {
    boolean duplicate(ModelEvent e) {
      return duplicates.getOrDefault(e, false);
    }
  }

  /**
   * The new record of one account and what is stored with it.
   *
   * @param replaceLastPoint whether the first of {@code historyPoints} is of the day of the last
   *     point stored (and replaces it) rather than a later one
   */
  record AccountWrite(
      String member,
      long expectedVersion,
      byte[] record,
      byte[] historyPoints,
      boolean replaceLastPoint,
      int oldBucket,
      int newBucket,
      List<ModelEvent> received) {}

  /**
   * One account's place on the leaderboards: its raw score and its topics' raw scores, the day the
   * score is of (-1: not known here) and its person (null: none, or not known here).
   */
  record Ranked(
      String member, double raw, Map<String, Double> topicRaws, long epochDay, String personId) {}

  /**
   * Reads the records of {@code members} (fresh objects: the caller may change them) and checks the
   * ids of the events each target receives against the ids it already stored.
   */
  Reads read(Collection<String> members, Map<String, List<ModelEvent>> receivedByTarget);

  /**
   * Stores each write whose expected version is still the stored one, with its history points and
   * event ids, atomically per account; element i tells whether write i was stored.
   */
  boolean[] write(List<AccountWrite> writes);

  /**
   * The stored history series of {@code members} (absent: none), read to repair the points of days
   * a late event belongs to; null when this store keeps no history.
   */
  default Map<String, byte[]> histories(Collection<String> members) {
    return null;
  }

  /** Leaderboards, topic counts and the score clock (negative: unchanged), after the records. */
  void afterWrite(List<Ranked> ranked, Map<String, Integer> topicCounts, long clockMs);

  /**
   * Which of some accounts' {@link dev.sway.store.Pseudonyms} hashes are suppressed or registered.
   */
  record Standing(Set<Long> suppressed, Set<Long> registered) {}

  /**
   * Looks the hashes up among the suppressed accounts and, when {@code registrations} is set, among
   * the registered ones (otherwise {@code registered} is empty).
   */
  Standing standing(Collection<Long> hashes, boolean registrations);

  /** The lock of this process's writers, held from a record write to its leaderboard entries. */
  Object writeOrder();
}
