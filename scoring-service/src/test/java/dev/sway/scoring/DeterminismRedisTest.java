package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.Calibration;
import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.model.RawHistogram;
import dev.sway.store.AccountRecord;
import dev.sway.store.RedisConnector;
import dev.sway.store.RedisKeys;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A score is a measurement: the same events in the same order leave the same stored scores,
 * components, history, leaderboards and calibration, bit for bit, whatever the batch sizes and
 * whenever the decay sweep runs.
 */
class DeterminismRedisTest {
  static final long DAY_MS = 86_400_000L;
  static final long T0 = 1_780_000_000_000L;

  static RedisScoring local;
  static RedisConnector connector;
  static RedisClusterCommands<String, String> sync;
  static BatchScorer scorer;
  static DecaySweeper sweeper;

  @BeforeAll
  static void start(TestInfo test) throws Exception {
    local = RedisScoring.start(test);
    connector = local.connector;
    sync = local.sync;
    scorer = local.scorer;
    sweeper = new DecaySweeper(local.model, local.store, Clock.systemUTC(), false, 1e9);
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @BeforeEach
  void flush() {
    local.flush();
  }

  /** A small network over ten days: fans, a pod, a farm, topics, shares and likes. */
  static List<ModelEvent> load(int n, long seed) {
    Random r = new Random(seed);
    InteractionKind[] kinds = InteractionKind.values();
    List<ModelEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long t = T0 + (long) i * 10 * DAY_MS / n;
      int actor = (int) Math.min(299, Math.abs(r.nextGaussian()) * 80);
      int target = (int) Math.min(59, Math.abs(r.nextGaussian()) * 15);
      if (i % 5 == 0) {
        actor = 1000 + (i / 5) % 4; // a pod of four that engage each other
        target = 1000 + (i / 5 + 1) % 4;
      } else if (i % 11 == 0) {
        actor = 2000; // a farm
      }
      if (actor == target) {
        target++;
      }
      List<String> topics = r.nextInt(3) == 0 ? List.of("t" + r.nextInt(4)) : List.of();
      out.add(
          new ModelEvent(
              "e" + i, kinds[r.nextInt(kinds.length)], "x:a" + actor, "x:a" + target, topics, t));
    }
    return out;
  }

  static void applyInBatches(List<ModelEvent> events, int size, boolean sweepBetween) {
    for (int i = 0; i < events.size(); i += size) {
      scorer.apply(List.of(), events.subList(i, Math.min(events.size(), i + size)));
      if (sweepBetween) {
        sweeper.sweepNow();
      }
    }
  }

  /** Everything Sway stored, minus write bookkeeping. */
  static Map<String, Object> dump() {
    Map<String, Object> all = new TreeMap<>();
    var binary = connector.binarySync();
    for (String key : sync.keys("sway:*")) {
      if (key.startsWith(RedisKeys.SWEEP)) {
        continue;
      }
      switch (sync.type(key)) {
        case "string" -> {
          byte[] bytes = binary.get(key);
          if (key.startsWith("sway:a:")) {
            // Minus what records how the state was written, not what it is.
            AccountRecord r = AccountRecord.decode(bytes);
            r.state.sweptDay = Long.MIN_VALUE;
            if (r.score != null) {
              r.score =
                  new AccountRecord.Score(
                      r.score.raw(),
                      r.score.components(),
                      r.score.distinctEngagers(),
                      r.score.scoredAtMs(),
                      0,
                      r.score.modelVersion(),
                      r.score.topicRaws());
            }
            bytes = r.encode(0);
          }
          all.put(key, HexFormat.of().formatHex(bytes));
        }
        case "set" -> all.put(key, new TreeSet<>(sync.smembers(key)).toString());
        case "zset" -> all.put(key, sync.zrangeWithScores(key, 0, -1).toString());
        default -> all.put(key, sync.type(key));
      }
    }
    return all;
  }

  @Test
  void theSameEventsGiveTheSameStoreWhateverTheBatchSizes() {
    List<ModelEvent> events = load(1500, 7);
    applyInBatches(events, 1000, false);
    Map<String, Object> big = dump();
    local.flush();
    applyInBatches(events, 7, false);
    Map<String, Object> small = dump();
    local.flush();
    applyInBatches(events.subList(0, 300), 1, false);
    applyInBatches(events.subList(300, events.size()), 200, false);
    Map<String, Object> mixed = dump();

    assertThat(big).hasSizeGreaterThan(100);
    assertThat(small).isEqualTo(big);
    assertThat(mixed).isEqualTo(big);
  }

  @Test
  void aSweepRunningDuringTheLoadChangesNothingOnceItCatchesUp() {
    List<ModelEvent> events = load(1200, 8);
    applyInBatches(events, 100, true);
    sweeper.sweepNow();
    Map<String, Object> swept = dump();
    local.flush();
    applyInBatches(events, 500, false);
    sweeper.sweepNow();
    Map<String, Object> quiet = dump();

    assertThat(quiet).isEqualTo(swept);
    // Once swept, every scored account is evaluated at the end of the clock's day.
    long clockDay = Math.floorDiv(events.get(events.size() - 1).timeMs(), DAY_MS);
    for (String key : sync.keys(RedisKeys.ALL_ACCOUNTS)) {
      AccountRecord r = local.record(key.substring(8, key.length() - 1));
      if (r.score != null) {
        assertThat(r.score.scoredAtMs()).as(key).isEqualTo((clockDay + 1) * DAY_MS);
      }
    }
  }

  @Test
  void theHistogramCountsEveryScoredAccountOnceInTheBucketOfItsStoredRaw() {
    applyInBatches(load(1500, 9), 150, true);
    sweeper.sweepNow();
    RawHistogram expected = new RawHistogram();
    for (String key : sync.keys(RedisKeys.ALL_ACCOUNTS)) {
      AccountRecord r = local.record(key.substring(8, key.length() - 1));
      if (r.score != null) {
        expected.add(r.score.raw());
      }
    }
    RawHistogram stored =
        RawHistogram.fromBytes(connector.getBytes(RedisKeys.CALIBRATION_HISTOGRAM).join());

    assertThat(expected.total()).isGreaterThan(50);
    assertThat(stored).isEqualTo(expected);
    assertThat(stored.total())
        .isEqualTo(local.store.boards().size(sync, RedisKeys.LEADERBOARD_ALL));
    assertThat(Calibration.of(stored).population())
        .isEqualTo(stored.total() >= 1000 ? stored.total() : 0);
  }

  @Test
  void anIdleAccountFallsAsTheClockMovesOnWithoutIt() {
    List<ModelEvent> first = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      first.add(
          new ModelEvent(
              "i" + i, InteractionKind.SHARE, "x:fan" + i, "x:idle", List.of("ai"), T0 + i));
      first.add(
          new ModelEvent(
              "b" + i, InteractionKind.SHARE, "x:fan" + i, "x:busy", List.of("ai"), T0 + i));
    }
    scorer.apply(List.of(), first);
    double idleBefore = local.store.boards().score(sync, RedisKeys.LEADERBOARD_ALL, "x:idle");
    assertThat(local.store.boards().score(sync, RedisKeys.LEADERBOARD_ALL, "x:busy"))
        .isEqualTo(idleBefore);
    double topicBefore =
        local.store.boards().score(sync, RedisKeys.topicLeaderboard("ai"), "x:idle");

    double previous = idleBefore;
    for (int day = 1; day <= 3; day++) {
      long t = T0 + day * 10 * DAY_MS;
      // Only the busy account keeps receiving; the clock moves with it.
      scorer.apply(
          List.of(),
          List.of(
              new ModelEvent(
                  "d" + day, InteractionKind.LIKE, "x:fan" + day, "x:busy", List.of(), t)));
      assertThat(sweeper.sweepNow()).isPositive();
      double idle = local.store.boards().score(sync, RedisKeys.LEADERBOARD_ALL, "x:idle");
      assertThat(idle).as("after %s sweeps", day).isLessThan(previous);
      previous = idle;
      assertThat(local.record("x:idle").state.sweptDay).isEqualTo(Math.floorDiv(t, DAY_MS));
    }
    assertThat(local.store.boards().score(sync, RedisKeys.topicLeaderboard("ai"), "x:idle"))
        .isLessThan(topicBefore);
    assertThat(local.store.boards().score(sync, RedisKeys.LEADERBOARD_ALL, "x:busy"))
        .isGreaterThan(previous);
    // The pass of the day is done: running again re-evaluates nobody.
    assertThat(sweeper.sweepNow()).isZero();
  }
}
