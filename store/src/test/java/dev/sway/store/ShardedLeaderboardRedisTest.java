package dev.sway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.local.LocalRedis;
import io.lettuce.core.ScoredValue;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pages of a sharded leaderboard read from Redis (the shard keys on one server: where they live
 * does not change what is read), including a leaderboard whose top sits almost all in one shard,
 * which the short first reads cannot cover.
 */
class ShardedLeaderboardRedisTest {
  static LocalRedis redis;
  static RedisConnector connector;

  @BeforeAll
  static void start() throws Exception {
    redis = LocalRedis.start();
    connector = RedisConnector.connect(redis.uri(), 5000);
  }

  @AfterAll
  static void stop() {
    connector.close();
    redis.close();
  }

  @Test
  void pagesListEveryEntryOnceInOrderEvenWhenOneShardHoldsTheTop() {
    Leaderboards sharded = Leaderboards.of(true);
    String board = RedisKeys.topicLeaderboard("skewed");
    List<ScoredValue<String>> all = new ArrayList<>();
    int inShardZero = 0;
    for (int i = 0; all.size() < 400; i++) {
      String m = "x:m" + i;
      boolean zero = sharded.shardOf(m) == 0;
      // Shard 0 holds the 120 highest scores; ties everywhere else.
      double score = zero && inShardZero < 120 ? 1000 - inShardZero++ : i % 7;
      all.add(ScoredValue.just(score, m));
      connector.sync().zadd(sharded.keyOf(board, m), score, m);
    }
    all.sort(LeaderboardsTest.REDIS_ORDER);

    List<ScoredValue<String>> paged = new ArrayList<>();
    long[] cursor = sharded.start();
    long expectedRank = 1;
    while (true) {
      Leaderboards.Page page = sharded.page(connector.async(), board, cursor, 50).join();
      assertThat(page.total()).isEqualTo(400);
      assertThat(page.firstRank()).isEqualTo(expectedRank);
      if (page.entries().isEmpty()) {
        break;
      }
      paged.addAll(page.entries());
      expectedRank += page.entries().size();
      cursor = page.next();
    }
    assertThat(paged).containsExactlyElementsOf(all);
  }
}
