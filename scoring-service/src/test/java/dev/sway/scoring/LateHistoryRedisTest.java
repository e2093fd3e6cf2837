package dev.sway.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sway.model.InteractionKind;
import dev.sway.model.ModelEvent;
import dev.sway.store.HistoryPoint;
import dev.sway.store.HistorySeries;
import dev.sway.store.RedisKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A late event repairs the stored history points of the days it belongs to, through the scoring
 * service's own write path on a real Redis: a month sent shuffled, in batches, leaves the history a
 * month sent in time order leaves (each event from an engager seen once, so that its worth does not
 * depend on the order and only the history's bookkeeping is measured).
 */
class LateHistoryRedisTest {
  static final long DAY_MS = 86_400_000L;
  static final long T0 = 1_780_000_000_000L;
  static final int STARS = 4;

  static RedisScoring local;

  @BeforeAll
  static void start(TestInfo test) throws Exception {
    local = RedisScoring.start(test);
  }

  @AfterAll
  static void stop() {
    local.close();
  }

  @BeforeEach
  void flush() {
    local.flush();
  }

  static List<ModelEvent> month() {
    Random rnd = new Random(28);
    InteractionKind[] kinds = InteractionKind.values();
    List<ModelEvent> out = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      long t = T0 + (long) (rnd.nextDouble() * 30 * DAY_MS);
      out.add(
          new ModelEvent(
              "e" + i,
              kinds[rnd.nextInt(kinds.length)],
              "x:fan" + i,
              "x:star" + rnd.nextInt(STARS),
              List.of(),
              t));
    }
    return out;
  }

  static List<TreeMap<Long, HistoryPoint>> load(List<ModelEvent> events) {
    local.flush();
    for (int i = 0; i < events.size(); i += 50) {
      local.scorer.apply(List.of(), events.subList(i, Math.min(events.size(), i + 50)));
    }
    List<TreeMap<Long, HistoryPoint>> out = new ArrayList<>();
    for (int a = 0; a < STARS; a++) {
      byte[] bytes =
          local
              .connector
              .binary()
              .get(RedisKeys.history("x:star" + a))
              .toCompletableFuture()
              .join();
      out.add(HistorySeries.decode(bytes, local.model.config().version()));
    }
    return out;
  }

  @Test
  void aShuffledMonthStoresTheHistoryOfTheSortedMonth() {
    List<ModelEvent> sorted = new ArrayList<>(month());
    sorted.sort((a, b) -> Long.compare(a.timeMs(), b.timeMs()));
    List<ModelEvent> shuffled = new ArrayList<>(sorted);
    Collections.shuffle(shuffled, new Random(7));

    List<TreeMap<Long, HistoryPoint>> want = load(sorted);
    List<TreeMap<Long, HistoryPoint>> got = load(shuffled);

    for (int a = 0; a < STARS; a++) {
      assertThat(want.get(a)).hasSizeGreaterThan(25);
      assertThat(got.get(a).keySet()).isEqualTo(want.get(a).keySet());
      for (long day : want.get(a).keySet()) {
        HistoryPoint w = want.get(a).get(day);
        HistoryPoint g = got.get(a).get(day);
        assertThat(g.raw())
            .as("raw of x:star%d on day %d", a, day)
            .isCloseTo(w.raw(), within(0.05));
        assertThat(g.amplification()).isCloseTo(w.amplification(), within(0.05));
        assertThat(g.authority()).isCloseTo(w.authority(), within(0.05));
      }
      // The last day is the current score, exactly: the sums are commutative.
      assertThat(got.get(a).lastEntry().getValue().raw())
          .isEqualTo(want.get(a).lastEntry().getValue().raw());
    }
  }
}
