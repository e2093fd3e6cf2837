package dev.sway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.ScoredValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sharded leaderboards: where entries go, and pages merged from the shards. */
class LeaderboardsTest {
  /** Redis's ZREVRANGE order: score descending, equal scores by member bytes descending. */
  static final Comparator<ScoredValue<String>> REDIS_ORDER =
      Comparator.<ScoredValue<String>>comparingDouble(v -> -v.getScore())
          .thenComparing(
              (a, b) ->
                  Arrays.compareUnsigned(
                      b.getValue().getBytes(StandardCharsets.UTF_8),
                      a.getValue().getBytes(StandardCharsets.UTF_8)));

  @Test
  void oneRedisKeepsOneKeyPerLeaderboard() {
    Leaderboards one = Leaderboards.of(false);
    assertThat(one.keys(RedisKeys.LEADERBOARD_ALL)).containsExactly(RedisKeys.LEADERBOARD_ALL);
    assertThat(one.keyOf(RedisKeys.topicLeaderboard("ai"), "x:a"))
        .isEqualTo(RedisKeys.topicLeaderboard("ai"));
  }

  @Test
  void aClusterSpreadsALeaderboardOverSlotsOfEveryThirdOfTheRange() {
    Leaderboards sharded = Leaderboards.of(true);
    List<String> keys = sharded.keys(RedisKeys.topicLeaderboard("we{ird}"));
    assertThat(keys).hasSize(Leaderboards.CLUSTER_SHARDS).doesNotHaveDuplicates();
    Set<Integer> thirds = new HashSet<>();
    Set<Integer> slots = new HashSet<>();
    for (String k : keys) {
      assertThat(k).startsWith("sway:lb:{").endsWith(":t:we{ird}");
      slots.add(Slots.of(k));
      thirds.add(Slots.of(k) * 3 / Slots.COUNT);
    }
    // A name's own braces do not pull the shards into one slot; three masters all get some.
    assertThat(slots).hasSize(Leaderboards.CLUSTER_SHARDS);
    assertThat(thirds).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(keys).contains(sharded.keyOf(RedisKeys.topicLeaderboard("we{ird}"), "x:alice"));
  }

  @Test
  void pagesMergedFromTheShardsListEveryEntryOnceInTheOrderOneKeyWould() {
    Random r = new Random(11);
    int shards = 5;
    List<List<ScoredValue<String>>> perShard = new ArrayList<>();
    List<ScoredValue<String>> all = new ArrayList<>();
    for (int k = 0; k < shards; k++) {
      List<ScoredValue<String>> run = new ArrayList<>();
      for (int i = 0; i < 40 + r.nextInt(40); i++) {
        // Few distinct scores: many ties across shards.
        run.add(ScoredValue.just(r.nextInt(6), "x:" + k + "-" + i));
      }
      run.sort(REDIS_ORDER);
      perShard.add(run);
      all.addAll(run);
    }
    all.sort(REDIS_ORDER);

    long[] cursor = new long[shards];
    List<ScoredValue<String>> paged = new ArrayList<>();
    while (true) {
      // What each shard's range read after its cursor returns.
      List<List<ScoredValue<String>>> reads = new ArrayList<>();
      for (int k = 0; k < shards; k++) {
        List<ScoredValue<String>> run = perShard.get(k);
        int from = (int) Math.min(run.size(), cursor[k]);
        reads.add(run.subList(from, Math.min(run.size(), from + 7)));
      }
      List<ScoredValue<String>> page = Leaderboards.merge(reads, cursor, 7);
      if (page.isEmpty()) {
        break;
      }
      assertThat(page.size()).isLessThanOrEqualTo(7);
      paged.addAll(page);
    }
    assertThat(paged).containsExactlyElementsOf(all);
    assertThat(Arrays.stream(cursor).sum()).isEqualTo(all.size());
  }
}
