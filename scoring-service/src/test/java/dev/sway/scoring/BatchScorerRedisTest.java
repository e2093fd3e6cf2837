package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.EngagerTable;
import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.store.AccountRecord;
import dev.sway.store.EventIds;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import dev.sway.store.RedisKeys;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scoring engine against a real Redis server. */
class BatchScorerRedisTest {
  static RedisScoring local;
  static RedisClusterCommands<String, String> sync;
  static BatchScorer scorer;
  static final long T0 = 1_780_000_000_000L;

  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.start();
    sync = local.sync;
    scorer = local.scorer;
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @BeforeEach
  void flush() {
    local.flush();
  }

  static AccountRecord record(String member) {
    return local.record(member);
  }

  static ModelEvent like(String id, String actor, String target, long t) {
    return new ModelEvent(id, InteractionKind.LIKE, actor, target, List.of("ai"), t);
  }

  @Test
  void eachEventIsCountedOnceAcrossRedeliveriesAndWithinABatch() {
    ApplyResult first =
        scorer.apply(
            List.of(),
            List.of(
                like("e1", "x:a", "x:t", T0),
                like("e2", "x:b", "x:t", T0),
                like("e1", "x:a", "x:t", T0)));
    assertThat(first.accepted()).isEqualTo(2);
    assertThat(first.duplicates()).isEqualTo(1);
    double rawBefore = record("x:t").score.raw();

    ApplyResult again =
        scorer.apply(
            List.of(), List.of(like("e1", "x:a", "x:t", T0), like("e2", "x:b", "x:t", T0)));
    assertThat(again.accepted()).isZero();
    assertThat(again.duplicates()).isEqualTo(2);
    assertThat(record("x:t").state.interactions).isEqualTo(2);
    assertThat(record("x:t").score.raw()).isEqualTo(rawBefore);
    String ids = RedisKeys.events("x:t", RedisKeys.eventBucket(T0));
    assertThat(sync.ttl(ids)).isBetween(1L, 3600L);
    assertThat(sync.sismember(ids, Long.toString(EventIds.hash("e1")))).isTrue();
    // Ids are kept as 64-bit integers: Redis's compact intset encoding.
    assertThat(sync.objectEncoding(ids)).isEqualTo("intset");
  }

  @Test
  void concurrentBatchesOnOneAccountLoseNothingAndCountNothingTwice() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ApplyResult>> results = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        final int writer = w;
        results.add(
            pool.submit(
                () -> {
                  List<ModelEvent> batch = new ArrayList<>();
                  for (int i = 0; i < 50; i++) {
                    // Writers overlap: event ids repeat across pairs of writers.
                    int id = (writer / 2) * 50 + i;
                    batch.add(like("c" + id, "x:fan" + id, "x:hot", T0 + id));
                  }
                  return scorer.apply(List.of(), batch);
                }));
      }
      int accepted = 0;
      int duplicates = 0;
      for (Future<ApplyResult> f : results) {
        accepted += f.get().accepted();
        duplicates += f.get().duplicates();
      }
      assertThat(accepted).isEqualTo(200);
      assertThat(duplicates).isEqualTo(200);
      assertThat(record("x:hot").state.interactions).isEqualTo(200);
      // Pair state is kept for the heaviest engagers only.
      assertThat(record("x:hot").state.engagerTable.size()).isEqualTo(EngagerTable.CAPACITY);
      // Each fan's side of its one event was stored once, whichever writer got there first.
      for (int id = 0; id < 200; id++) {
        assertThat(record("x:fan" + id).state.givenCount).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anOlderSnapshotDoesNotOverwriteANewerOne() {
    scorer.apply(List.of(new SnapshotEvent("x:s", 500, 10, 5, T0)), List.of());
    scorer.apply(List.of(new SnapshotEvent("x:s", 100, 10, 5, T0 - 1000)), List.of());
    assertThat(record("x:s").state.followers).isEqualTo(500);
  }

  @Test
  void scoresReachTheGlobalNetworkAndTopicLeaderboardsAndHistory() {
    scorer.apply(List.of(), List.of(like("l1", "mastodon:a", "mastodon:b", T0)));
    Double raw = record("mastodon:b").score.raw();
    assertThat(sync.zscore(RedisKeys.LEADERBOARD_ALL, "mastodon:b")).isEqualTo(raw);
    assertThat(sync.zscore(RedisKeys.networkLeaderboard("mastodon"), "mastodon:b")).isEqualTo(raw);
    assertThat(sync.zscore(RedisKeys.topicLeaderboard("ai"), "mastodon:b")).isPositive();
    assertThat(sync.zscore(RedisKeys.TOPICS, "ai")).isEqualTo(1.0);
    assertThat(history("mastodon:b")).hasSize(1);
    // The actor's given counter moved; the actor itself has no score.
    assertThat(record("mastodon:a").state.authored).isPositive();
    assertThat(record("mastodon:a").state.givenCount).isEqualTo(1);
    assertThat(record("mastodon:a").score).isNull();
  }

  static TreeMap<Long, HistoryPoint> history(String member) {
    byte[] bytes =
        local.connector.binary().get(RedisKeys.history(member)).toCompletableFuture().join();
    return HistorySeries.decode(bytes, local.model.config().version());
  }

  @Test
  void historyKeepsOnePointPerDayForAYear() {
    long day = 86_400_000L;
    for (int d = 0; d < 800; d++) {
      scorer.apply(List.of(), List.of(like("h" + d, "x:f" + d, "x:daily", T0 + d * day)));
      // Two changes on one day leave one point.
      scorer.apply(List.of(), List.of(like("g" + d, "x:g" + d, "x:daily", T0 + d * day + 1)));
    }
    long stored = sync.strlen(RedisKeys.history("x:daily")) / HistorySeries.POINT_BYTES;
    TreeMap<Long, HistoryPoint> days = history("x:daily");
    long last = Math.floorDiv(T0 + 799 * day, day);
    // Compacted to the latest 365 days once 730 points were stored, then appended to again.
    assertThat(stored).isEqualTo(days.size()).isLessThanOrEqualTo(HistorySeries.COMPACT_AT_POINTS);
    assertThat(days.lastKey()).isEqualTo(last);
    assertThat(days.firstKey())
        .isGreaterThan(last - HistorySeries.COMPACT_AT_POINTS)
        .isLessThan(last - 365);
    assertThat(days.lastEntry().getValue().raw())
        .isCloseTo(record("x:daily").score.raw(), Assertions.within(1e-4));
  }

  @Test
  void aPodIsDampedWhetherItsExchangeArrivesInOneBatchOrMany() {
    List<ModelEvent> pod = new ArrayList<>();
    List<ModelEvent> fans = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 4; j++) {
          if (i != j) {
            pod.add(
                new ModelEvent(
                    "p" + k + i + j,
                    InteractionKind.SHARE,
                    "x:pod" + j,
                    "x:pod" + i,
                    List.of(),
                    T0 + k * 60_000L + j));
            pod.add(
                new ModelEvent(
                    "q" + k + i + j,
                    InteractionKind.SHARE,
                    "x:pad" + j,
                    "x:pad" + i,
                    List.of(),
                    T0 + k * 60_000L + j));
          }
        }
      }
      for (int f = 0; f < 3; f++) {
        fans.add(
            new ModelEvent(
                "f" + k + f,
                InteractionKind.SHARE,
                "x:fan" + f,
                "x:solo",
                List.of(),
                T0 + k * 60_000L));
      }
    }
    // "pod" arrives in one batch, "pad" in batches of 10, the one-way fans of "solo" in one batch.
    scorer.apply(List.of(), pod.stream().filter(e -> e.target().startsWith("x:pod")).toList());
    List<ModelEvent> pad = pod.stream().filter(e -> e.target().startsWith("x:pad")).toList();
    for (int i = 0; i < pad.size(); i += 10) {
      scorer.apply(List.of(), pad.subList(i, Math.min(pad.size(), i + 10)));
    }
    scorer.apply(List.of(), fans);
    double solo = record("x:solo").state.amplification;
    double pod0 = record("x:pod0").state.amplification;
    double pad0 = record("x:pad0").state.amplification;
    assertThat(pod0).isLessThan(solo / 2);
    assertThat(pad0).isLessThan(solo / 2);
  }

  @Test
  void decayedSumsOfOldEventsKeepTheirPrecision() {
    long july2012 = 1_341_100_800_000L;
    scorer.apply(List.of(), List.of(like("old", "x:old-actor", "x:old-target", july2012)));
    assertThat(record("x:old-actor").state.authored).isPositive();
    assertThat(record("x:old-target").state.amplification).isPositive();
  }
}
