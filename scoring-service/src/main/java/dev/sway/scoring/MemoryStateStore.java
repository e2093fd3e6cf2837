package dev.sway.scoring;

import dev.sway.model.ModelEvent;
import dev.sway.store.AccountRecord;
import dev.sway.store.EventIds;
import dev.sway.store.RedisKeys;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Account records in memory, encoded exactly as in Redis: the offline evaluation scores with {@link
 * BatchScorer} on it. Keeps records, event ids and the latest raw score of every scored account;
 * history points and leaderboards are not kept. Single writer; not for the service.
 */
public final class MemoryStateStore implements StateStore {
  private final Map<String, byte[]> records = new HashMap<>();
  private final Map<String, Set<Long>> ids = new HashMap<>();
  private final Object writeOrder = new Object();

  @Override
  public Reads read(Collection<String> members, Map<String, List<ModelEvent>> receivedByTarget) {
    Map<String, AccountRecord> out = new HashMap<>(members.size() * 2);
    for (String m : members) {
      out.put(m, AccountRecord.decode(records.get(m)));
    }
    Map<ModelEvent, Boolean> duplicates = new IdentityHashMap<>();
    receivedByTarget.forEach(
        (m, events) -> {
          for (ModelEvent e : events) {
            if (ids.getOrDefault(key(m, e), Set.of()).contains(EventIds.hash(e.eventId()))) {
              duplicates.put(e, true);
            }
          }
        });
    return new Reads(out, duplicates);
  }

  private static String key(String member, ModelEvent e) {
    return RedisKeys.events(member, RedisKeys.eventBucket(e.timeMs()));
  }

  @Override
  public boolean[] write(List<AccountWrite> writes) {
    boolean[] ok = new boolean[writes.size()];
    for (int i = 0; i < ok.length; i++) {
      AccountWrite w = writes.get(i);
      if (AccountRecord.versionOf(records.get(w.member())) != w.expectedVersion()) {
        continue;
      }
      records.put(w.member(), w.record());
      for (ModelEvent e : w.received()) {
        ids.computeIfAbsent(key(w.member(), e), k -> new HashSet<>())
            .add(EventIds.hash(e.eventId()));
      }
      ok[i] = true;
    }
    return ok;
  }

  @Override
  public void afterWrite(List<Ranked> ranked, Map<String, Integer> topicCounts, long clockMs) {}

  /** Nothing is suppressed or registered in memory: the evaluation scores everyone. */
  @Override
  public Standing standing(Collection<Long> hashes, boolean registrations) {
    return new Standing(Set.of(), Set.of());
  }

  @Override
  public Map<String, byte[]> histories(Collection<String> members) {
    return null;
  }

  @Override
  public Object writeOrder() {
    return writeOrder;
  }

  /** The stored record of {@code member}, decoded; null when never stored. */
  public AccountRecord record(String member) {
    byte[] b = records.get(member);
    return b == null ? null : AccountRecord.decode(b);
  }

  /** Visits every stored record. */
  public void forEach(BiConsumer<String, AccountRecord> visitor) {
    records.forEach((m, b) -> visitor.accept(m, AccountRecord.decode(b)));
  }
}
