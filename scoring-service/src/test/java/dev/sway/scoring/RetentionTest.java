package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.Decay;
import dev.sway.model.EngagerTable;
import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import dev.sway.store.RedisKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each kind of stored personal data has a maximum age that the code enforces (docs/privacy.md).
 * Time is the events' time and an injected clock, so the test moves years in milliseconds.
 */
class RetentionTest {
  static final long DAY = Decay.DAY_MS;
  static final long T0 = 1_700_000_000_000L;
  static RedisScoring local;

  @BeforeAll
  static void start() throws Exception {
    local = RedisScoring.start();
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @BeforeEach
  void flush() {
    local.flush();
  }

  static void share(String id, String actor, String target, long t) {
    local.scorer.apply(
        List.of(), List.of(new ModelEvent(id, InteractionKind.SHARE, actor, target, List.of(), t)));
  }

  @Test
  void pairStateIsDroppedAtTheNextEventOnceOlderThanItsRetention() {
    share("1", "x:a", "x:t", T0);
    share("2", "x:b", "x:t", T0 + DAY);
    share("3", "x:c", "x:t", T0 + 100 * DAY);
    assertThat(local.record("x:t").state.engagerTable.size()).isEqualTo(3);

    // x:a's latest engagement is more than 180 days before this event, x:b's exactly 180.
    share("4", "x:d", "x:t", T0 + DAY + EngagerTable.RETENTION_MS);
    var table = local.record("x:t").state.engagerTable;
    assertThat(table.get("x:a")).isNull();
    assertThat(table.get("x:b")).isNotNull();
    assertThat(table.get("x:c")).isNotNull();
    assertThat(table.get("x:d")).isNotNull();
  }

  @Test
  void theDailySweepDropsPairStateOfIdleAccounts() {
    share("1", "x:a", "x:idle", T0);
    // Time passes elsewhere: the score clock moves to 181 days later.
    share("2", "x:b", "x:busy", T0 + 181 * DAY);
    DecaySweeper sweeper =
        new DecaySweeper(
            local.model,
            local.store,
            Clock.fixed(Instant.ofEpochMilli(T0 + 181 * DAY), ZoneOffset.UTC),
            false,
            1e9);
    assertThat(sweeper.sweepNow()).isPositive();
    assertThat(local.record("x:idle").state.engagerTable.isEmpty()).isTrue();
    // A pair younger than the retention stays.
    assertThat(local.record("x:busy").state.engagerTable.get("x:b")).isNotNull();
  }

  @Test
  void historyOlderThan730DaysIsCut() {
    share("1", "x:f1", "x:h", T0);
    share("2", "x:f2", "x:h", T0 + 400 * DAY);
    assertThat(days("x:h")).hasSize(2);
    share("3", "x:f3", "x:h", T0 + 800 * DAY);
    List<Long> days = days("x:h");
    long newest = Math.floorDiv(T0 + 800 * DAY, DAY);
    assertThat(days).isNotEmpty().allSatisfy(d -> assertThat(d).isGreaterThan(newest - 365));
  }

  @Test
  void receivedEventIdsExpire() {
    share("1", "x:f", "x:e", T0);
    String key = RedisKeys.events("x:e", RedisKeys.eventBucket(T0));
    // RedisScoring's store keeps ids for 3600 s.
    assertThat(local.sync.ttl(key)).isBetween(1L, 3600L);
  }

  static List<Long> days(String member) {
    byte[] bytes =
        local.connector.binary().get(RedisKeys.history(member)).toCompletableFuture().join();
    return HistorySeries.decode(bytes, "sway-3").values().stream()
        .map(HistoryPoint::epochDay)
        .toList();
  }
}
