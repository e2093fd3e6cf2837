package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.store.AccountRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RecordCacheTest {
  /** A stored record of write version {@code version}, distinguishable by its follower count. */
  private static byte[] record(long version, long followers) {
    AccountRecord r = AccountRecord.empty();
    r.state.followers = followers;
    r.state.snapshotMs = 1;
    return r.encode(version);
  }

  @Test
  void anOlderVersionNeverReplacesANewerOne() {
    RecordCache cache = new RecordCache(100);
    byte[] v5 = record(5, 500);
    cache.put("x:a", v5);
    cache.put("x:a", record(3, 300));
    cache.put("x:a", record(4, 400));

    assertThat(cache.get("x:a")).isEqualTo(v5);
    assertThat(AccountRecord.decode(cache.get("x:a")).state.followers).isEqualTo(500);

    byte[] v6 = record(6, 600);
    cache.put("x:a", v6);
    assertThat(cache.get("x:a")).isEqualTo(v6);
    // The same version written again (a re-read) is taken.
    byte[] v6again = record(6, 601);
    cache.put("x:a", v6again);
    assertThat(cache.get("x:a")).isEqualTo(v6again);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void anAbsentMarkerReplacesAnyVersion() {
    RecordCache cache = new RecordCache(100);
    cache.put("x:a", record(9, 900));
    cache.put("x:a", new byte[0]);
    assertThat(cache.get("x:a")).isNotNull().isEmpty();

    cache.put("x:b", record(2, 200));
    cache.put("x:b", null);
    assertThat(cache.get("x:b")).isNotNull().isEmpty();

    // Once erased, any stored version replaces the marker, even one lower than before.
    byte[] v1 = record(1, 100);
    cache.put("x:a", v1);
    assertThat(cache.get("x:a")).isEqualTo(v1);
  }

  @Test
  void anUncachedOrInvalidatedMemberIsNull() {
    RecordCache cache = new RecordCache(100);
    assertThat(cache.get("x:a")).isNull();
    cache.put("x:a", record(1, 1));
    cache.put("x:b", record(1, 2));
    cache.invalidate("x:a");
    assertThat(cache.get("x:a")).isNull();
    assertThat(cache.get("x:b")).isNotNull();
    cache.clear();
    assertThat(cache.get("x:b")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void theSizeStaysNearTheCapacity() {
    int capacity = 1_000;
    RecordCache cache = new RecordCache(capacity);
    byte[] bytes = record(1, 1);
    for (int i = 0; i < 50_000; i++) {
      cache.put("x:m" + i, bytes);
      assertThat(cache.size())
          .as("after %d puts", i + 1)
          .isLessThanOrEqualTo(capacity)
          .isGreaterThanOrEqualTo(Math.min(i + 1, capacity - capacity / 64 - 1));
    }
    // The entry just put is among those kept most of the time; at least some recent ones are.
    int recent = 0;
    for (int i = 49_900; i < 50_000; i++) {
      recent += cache.get("x:m" + i) != null ? 1 : 0;
    }
    assertThat(recent).isPositive();
  }

  @Test
  void theSizeStaysBoundedUnderConcurrentPuts() throws Exception {
    int capacity = 2_000;
    int threads = 8;
    RecordCache cache = new RecordCache(capacity);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> maxSeen = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int thread = t;
        maxSeen.add(
            pool.submit(
                () -> {
                  int max = 0;
                  for (int i = 0; i < 20_000; i++) {
                    cache.put("x:t" + thread + "-" + i, record(1 + i % 7, i));
                    max = Math.max(max, cache.size());
                  }
                  return max;
                }));
      }
      for (Future<Integer> f : maxSeen) {
        // Each writer evicts after its own put, but the map's size is a sum of counters that
        // concurrent writers update after their inserts, so a writer may stop evicting a little
        // early: the excess seen at any moment stays a small fraction of the capacity (the 8
        // writers put 160,000 entries in all).
        assertThat(f.get()).isLessThanOrEqualTo(capacity + capacity / 10);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.size()).isLessThanOrEqualTo(capacity).isGreaterThan(capacity / 2);
  }

  @Test
  void capacityZeroCachesNothing() {
    for (int capacity : new int[] {0, -5}) {
      RecordCache cache = new RecordCache(capacity);
      cache.put("x:a", record(1, 1));
      cache.put("x:b", new byte[0]);
      assertThat(cache.get("x:a")).isNull();
      assertThat(cache.get("x:b")).isNull();
      assertThat(cache.size()).isZero();
    }
  }
}
