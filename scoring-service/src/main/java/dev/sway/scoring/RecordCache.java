package dev.sway.scoring;

import dev.sway.store.AccountRecord;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account records this process last read or wrote, exactly as stored (bytes with their write
 * version), so that a batch needs from Redis only the records that moved. A cached record is never
 * used unconfirmed: the batch's read round sends its 9-byte header to Redis, which answers with the
 * stored record where the versions differ (another replica, the sweep of another process, an
 * erasure). Between that read and the batch's writes, the version check of every write catches a
 * writer that raced in; the write that finds another version stored gets the stored record back.
 *
 * <p>Bounded: past {@code capacityAccounts}, entries leave in the map's iteration order, which is
 * by hash — random with respect to use, the cheapest policy that keeps the hot accounts most of the
 * time (they come back at once). An account known to be absent is cached as an empty array.
 * Lock-free reads; thread-safe.
 */
final class RecordCache {
  /** A record's bytes and the version they carry. */
  private record Entry(byte[] bytes, long version) {}

  private final int capacity;
  private final ConcurrentHashMap<String, Entry> entries;

  RecordCache(int capacityAccounts) {
    this.capacity = Math.max(0, capacityAccounts);
    this.entries = new ConcurrentHashMap<>(Math.min(capacity, 1 << 16));
  }

  /** The cached bytes of {@code member}, or null when not cached. */
  byte[] get(String member) {
    Entry e = entries.get(member);
    return e == null ? null : e.bytes();
  }

  /**
   * Caches what was read or written for {@code member}, unless a newer version is already cached (a
   * reader that lost a race with a writer).
   */
  void put(String member, byte[] bytes) {
    if (capacity == 0) {
      return;
    }
    byte[] b = bytes == null ? new byte[0] : bytes;
    long version = AccountRecord.versionOf(b);
    entries.merge(
        member,
        new Entry(b, version),
        (old, fresh) -> fresh.version() != 0 && old.version() > fresh.version() ? old : fresh);
    // Until under the bound: writers evicting at once may remove the same entries, so one pass
    // can leave fewer gone than it meant to.
    for (int excess = entries.size() - capacity; excess > 0; excess = entries.size() - capacity) {
      evict(excess + capacity / 64);
    }
  }

  private void evict(int n) {
    Iterator<String> it = entries.keySet().iterator();
    for (int i = 0; i < n && it.hasNext(); i++) {
      it.next();
      it.remove();
    }
  }

  /** Forgets {@code member} (erased or changed by another path). */
  void invalidate(String member) {
    entries.remove(member);
  }

  void clear() {
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
