package dev.sway.scoring;

import dev.sway.store.AccountRecord;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The account records this process last read or wrote, exactly as stored (bytes with their write
 * version), so that a batch reads from Redis only the accounts it has not seen lately. A cached
 * record is never trusted blindly: every write is a compare-and-set on the version, and a write
 * that finds another version stored gets the stored record back and retries from it. A stale
 * entry (another replica, the decay sweep of another process, an erasure) therefore costs one
 * retried write, never a wrong state.
 *
 * <p>Bounded (least recently used goes first); split into stripes so that handler threads rarely
 * contend. An account known to be absent is cached as an empty array. Thread-safe.
 */
final class RecordCache {
  private static final int STRIPES = 16;
  private final Stripe[] stripes = new Stripe[STRIPES];

  RecordCache(int capacityAccounts) {
    int perStripe = Math.max(0, capacityAccounts / STRIPES);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe(perStripe);
    }
  }

  private Stripe stripe(String member) {
    return stripes[(member.hashCode() & 0x7FFFFFFF) % STRIPES];
  }

  /** The cached bytes of {@code member}, or null when not cached. */
  byte[] get(String member) {
    Stripe s = stripe(member);
    synchronized (s) {
      return s.get(member);
    }
  }

  /**
   * Caches what was read or written for {@code member}, unless a newer version is already cached
   * (two batches finishing out of order).
   */
  void put(String member, byte[] bytes) {
    Stripe s = stripe(member);
    long version = AccountRecord.versionOf(bytes);
    synchronized (s) {
      if (s.capacity == 0) {
        return;
      }
      byte[] cached = s.get(member);
      if (cached != null && version != 0 && AccountRecord.versionOf(cached) > version) {
        return;
      }
      s.put(member, bytes);
    }
  }

  /** Forgets {@code member} (erased or linked by another path). */
  void invalidate(String member) {
    Stripe s = stripe(member);
    synchronized (s) {
      s.remove(member);
    }
  }

  void clear() {
    for (Stripe s : stripes) {
      synchronized (s) {
        s.clear();
      }
    }
  }

  int size() {
    int n = 0;
    for (Stripe s : stripes) {
      synchronized (s) {
        n += s.size();
      }
    }
    return n;
  }

  private static final class Stripe extends LinkedHashMap<String, byte[]> {
    private static final long serialVersionUID = 1L;
    final int capacity;

    Stripe(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
      return size() > capacity;
    }
  }
}
