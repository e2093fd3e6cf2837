package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.store.RedisKeys;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Network and topic names arrive with events: the leaderboards they create are bounded, and an
 * account beyond the bound is still scored, just not ranked there.
 */
class LeaderboardLimitsRedisTest {
  static final long T0 = 1_780_000_000_000L;
  static RedisScoring local;

  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.start();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @Test
  void inventedNamesCreateNoMoreLeaderboardsThanConfigured() {
    local.flush();
    AccountStore store =
        new AccountStore(local.connector, 3600, 10_000, 0, new AccountStore.BoardLimits(2, 3));
    BatchScorer scorer =
        new BatchScorer(
            local.model, store, Clock.systemUTC(), new ScoringMetrics(new SimpleMeterRegistry()));
    List<ModelEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String net = "n" + (i % 5);
      events.add(
          new ModelEvent(
              "e" + i,
              InteractionKind.SHARE,
              net + ":fan" + i,
              net + ":star",
              List.of("topic" + (i % 6)),
              T0 + i));
    }
    scorer.apply(List.of(), events);

    assertThat(local.sync.keys("sway:lb:n:*")).hasSize(2);
    assertThat(local.sync.keys("sway:lb:t:*")).hasSize(3);
    assertThat(local.sync.zcard(RedisKeys.TOPICS)).isEqualTo(3);
    assertThat(local.sync.scard(RedisKeys.NETWORK_BOARDS)).isEqualTo(2);
    // Every star is scored and in the global leaderboard, ranked on its network or not.
    for (int n = 0; n < 5; n++) {
      assertThat(local.record("n" + n + ":star").score).isNotNull();
      assertThat(local.sync.zscore(RedisKeys.LEADERBOARD_ALL, "n" + n + ":star")).isNotNull();
    }
    // The names that got a leaderboard keep it with later batches.
    List<String> ranked = local.sync.smembers(RedisKeys.TOPIC_BOARDS).stream().sorted().toList();
    scorer.apply(
        List.of(),
        List.of(
            new ModelEvent(
                "later",
                InteractionKind.LIKE,
                "n0:late",
                "n0:star",
                List.of(ranked.get(0), "brand-new"),
                T0 + 100)));
    assertThat(local.sync.smembers(RedisKeys.TOPIC_BOARDS).stream().sorted().toList())
        .isEqualTo(ranked);
    assertThat(local.sync.zscore(RedisKeys.topicLeaderboard(ranked.get(0)), "n0:star")).isNotNull();
  }

  @Test
  void erasingATopicsLastAccountFreesItsPlace() {
    local.flush();
    AccountStore store =
        new AccountStore(local.connector, 3600, 10_000, 0, new AccountStore.BoardLimits(4, 1));
    BatchScorer scorer =
        new BatchScorer(
            local.model, store, Clock.systemUTC(), new ScoringMetrics(new SimpleMeterRegistry()));
    scorer.apply(
        List.of(),
        List.of(new ModelEvent("a", InteractionKind.SHARE, "x:f", "x:only", List.of("first"), T0)));
    scorer.apply(
        List.of(),
        List.of(
            new ModelEvent("b", InteractionKind.SHARE, "x:f", "x:other", List.of("second"), T0)));
    assertThat(local.sync.smembers(RedisKeys.TOPIC_BOARDS)).containsExactly("first");

    new PersonAdmin(store).erase(null, List.of("x:only"));
    assertThat(local.sync.smembers(RedisKeys.TOPIC_BOARDS)).isEmpty();
    scorer.apply(
        List.of(),
        List.of(
            new ModelEvent(
                "c", InteractionKind.SHARE, "x:g", "x:other", List.of("second"), T0 + 1)));
    assertThat(local.sync.smembers(RedisKeys.TOPIC_BOARDS)).containsExactly("second");
    assertThat(local.sync.zscore(RedisKeys.topicLeaderboard("second"), "x:other")).isNotNull();
  }
}
