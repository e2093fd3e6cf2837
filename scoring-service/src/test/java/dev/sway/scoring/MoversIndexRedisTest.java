package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.Components;
import dev.sway.model.Decay;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import dev.sway.store.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The movers index: the change since a window's start, only the two ends of each list kept. */
class MoversIndexRedisTest {
  static final long DAY = 20_000;
  static RedisScoring local;

  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.start();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  static HistoryPoint point(long day, double raw) {
    return new HistoryPoint(day, 10, 10, 10, 10, raw, "sway-3");
  }

  static void history(String member, HistoryPoint... points) {
    local
        .connector
        .binary()
        .set(RedisKeys.history(member), HistorySeries.encode(List.of(points)))
        .toCompletableFuture()
        .join();
  }

  @Test
  void eachListKeepsTheLargestRisesAndFallsAndSkipsAccountsTooYoung() {
    local.flush();
    MoversIndex index = new MoversIndex(local.connector, System::nanoTime, 3);
    List<StateStore.Ranked> ranked = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String m = "x:m" + i;
      double now = 20 + (i - 5) * 3;
      history(m, point(DAY - 7, 20), point(DAY, now));
      ranked.add(new StateStore.Ranked(m, now, Map.of(), DAY, null));
    }
    history("x:young", point(DAY - 2, 5), point(DAY, 30));
    ranked.add(new StateStore.Ranked("x:young", 30, Map.of(), DAY, null));
    index.update(ranked).join();

    List<String> week = local.sync.zrange(RedisKeys.movers(7), 0, -1);
    assertThat(week).containsExactly("x:m0", "x:m1", "x:m2", "x:m7", "x:m8", "x:m9");
    assertThat(local.sync.zscore(RedisKeys.movers(7), "x:m0")).isNegative();
    assertThat(local.sync.zscore(RedisKeys.movers(7), "x:m9")).isPositive();
    // Scored for two days only: a 1-day mover, not a 7-day one.
    assertThat(local.sync.zscore(RedisKeys.movers(1), "x:young")).isPositive();
    // The network's list is kept only for networks with a leaderboard (none registered here).
    assertThat(local.sync.exists(RedisKeys.networkMovers(7, "x"))).isZero();

    // An idle account brought to a later day by the sweep: its change is to that day.
    local.flush();
    Components c = new Components(10, 10, 10, 10);
    history("x:idle", point(DAY - 8, local.model.raw(c)));
    double decayed = local.model.raw(local.model.decayed(c, 8 * Decay.DAY_MS));
    index.update(List.of(new StateStore.Ranked("x:idle", decayed, Map.of(), DAY, null))).join();
    assertThat(local.sync.zscore(RedisKeys.movers(7), "x:idle")).isNegative();
  }
}
