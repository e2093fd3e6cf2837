package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.ScoringModel;
import dev.sway.store.Leaderboards;
import dev.sway.store.RedisKeys;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The persons' leaderboard: each person's accounts combined, several persons in one update. */
class PersonBoardRedisTest {
  static RedisScoring local;

  @BeforeAll
  static void start(TestInfo test) throws Exception {
    local = RedisScoring.start(test);
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @Test
  void personsAreCombinedPerNetworkAndLeaveWhenNothingOfThemIsScored() {
    local.flush();
    var r = local.sync;
    Leaderboards b = local.store.boards();
    r.sadd(RedisKeys.person("p1"), "x:a", "x:a2", "ig:a");
    r.sadd(RedisKeys.person("p2"), "x:b");
    r.zadd(b.keyOf(RedisKeys.LEADERBOARD_ALL, "x:a"), 10, "x:a");
    r.zadd(b.keyOf(RedisKeys.LEADERBOARD_ALL, "x:a2"), 6, "x:a2");
    r.zadd(b.keyOf(RedisKeys.LEADERBOARD_ALL, "ig:a"), 4, "ig:a");
    r.zadd(b.keyOf(RedisKeys.LEADERBOARD_ALL, "x:b"), 5, "x:b");
    r.zadd(b.keyOf(RedisKeys.PERSON_LEADERBOARD, "p3"), 99, "p3"); // a person with no accounts left
    PersonBoard board = new PersonBoard(local.connector.async(), b, 5000);

    board.update(List.of("p1", "p2", "p3"));

    // The best account per network (x:a, not x:a2), networks summed with diminishing returns.
    assertThat(b.score(r, RedisKeys.PERSON_LEADERBOARD, "p1"))
        .isEqualTo(ScoringModel.combineNetworks(List.of(10.0, 4.0)));
    assertThat(b.score(r, RedisKeys.PERSON_LEADERBOARD, "p2")).isEqualTo(5.0);
    assertThat(b.score(r, RedisKeys.PERSON_LEADERBOARD, "p3")).isNull();

    r.zadd(b.keyOf(RedisKeys.LEADERBOARD_ALL, "x:b"), 7, "x:b");
    r.srem(RedisKeys.person("p1"), "ig:a");
    board.update(List.of("p1", "p2"));
    assertThat(b.score(r, RedisKeys.PERSON_LEADERBOARD, "p1")).isEqualTo(10.0);
    assertThat(b.score(r, RedisKeys.PERSON_LEADERBOARD, "p2")).isEqualTo(7.0);

    // Accounts linked but not scored: no place.
    r.zrem(b.keyOf(RedisKeys.LEADERBOARD_ALL, "x:b"), "x:b");
    board.update(List.of("p2"));
    assertThat(b.score(r, RedisKeys.PERSON_LEADERBOARD, "p2")).isNull();
  }
}
