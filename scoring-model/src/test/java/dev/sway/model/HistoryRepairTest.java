package dev.sway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Late events land in the history points of the days they belong to. Each event here comes from an
 * engager seen once, so its worth is the same in any order and only the history's bookkeeping is
 * tested: a shuffled month, applied in random batches to a store that keeps points rounded as the
 * stored series does, leaves the points of the month applied in time order.
 */
class HistoryRepairTest {
  static final long DAY_MS = Decay.DAY_MS;
  static final long T0 = 1_780_000_000_000L;
  static final ScoringModel MODEL = new ScoringModel(ModelConfig.DEFAULT);

  /** A store of states and of points by day, last write of a day winning, components rounded. */
  static final class Store {
    final Map<String, AccountState> states = new HashMap<>();
    final Map<String, TreeMap<Long, DayScore>> points = new HashMap<>();
    final BatchApplier applier = new BatchApplier(MODEL);

    void apply(List<ModelEvent> batch, boolean repair) {
      BatchApplier.Result r =
          applier.apply(
              m -> states.containsKey(m) ? states.get(m).copy() : new AccountState(),
              List.of(),
              batch.stream().map(BatchApplier.Item::of).toList());
      r.updates.forEach(
          (m, u) -> {
            states.put(m, u.state);
            TreeMap<Long, DayScore> stored = points.computeIfAbsent(m, k -> new TreeMap<>());
            List<DayScore> all = new ArrayList<>();
            if (repair && !u.history.isEmpty()) {
              TreeMap<Long, Components> comps = new TreeMap<>();
              stored.forEach((d, p) -> comps.put(d, p.components()));
              all.addAll(HistoryRepair.repair(MODEL, comps, u.history.get(0).epochDay(), u.late));
            }
            all.addAll(u.history);
            all.forEach(p -> stored.put(p.epochDay(), rounded(p)));
          });
    }
  }

  static DayScore rounded(DayScore p) {
    Components c = p.components();
    return new DayScore(
        p.epochDay(),
        new Components(r2(c.reach()), r2(c.amplification()), r2(c.authority()), r2(c.activity())),
        Math.round(p.raw() * 1e4) / 1e4);
  }

  static double r2(double x) {
    return Math.round(x * 100) / 100.0;
  }

  /** A month of engagement of three accounts, each event from an engager never seen before. */
  static List<ModelEvent> month(long seed) {
    Random rnd = new Random(seed);
    List<ModelEvent> out = new ArrayList<>();
    InteractionKind[] kinds = InteractionKind.values();
    for (int i = 0; i < 600; i++) {
      long t = T0 + (long) (rnd.nextDouble() * 30 * DAY_MS);
      String target = "x:star" + rnd.nextInt(3);
      out.add(
          new ModelEvent(
              "e" + i, kinds[rnd.nextInt(kinds.length)], "x:fan" + i, target, List.of(), t));
    }
    return out;
  }

  static void applyInRandomBatches(Store s, List<ModelEvent> events, Random rnd, boolean repair) {
    for (int i = 0; i < events.size(); ) {
      int n = 1 + rnd.nextInt(60);
      s.apply(events.subList(i, Math.min(events.size(), i + n)), repair);
      i += n;
    }
  }

  @Test
  void aShuffledMonthLeavesTheHistoryOfTheSortedMonth() {
    for (long seed = 1; seed <= 5; seed++) {
      List<ModelEvent> events = month(seed);
      List<ModelEvent> sorted = new ArrayList<>(events);
      sorted.sort((a, b) -> Long.compare(a.timeMs(), b.timeMs()));
      Store inOrder = new Store();
      applyInRandomBatches(inOrder, sorted, new Random(seed), true);
      List<ModelEvent> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, new Random(seed + 100));
      Store repaired = new Store();
      applyInRandomBatches(repaired, shuffled, new Random(seed + 200), true);
      Store unrepaired = new Store();
      applyInRandomBatches(unrepaired, shuffled, new Random(seed + 200), false);

      for (int a = 0; a < 3; a++) {
        String m = "x:star" + a;
        TreeMap<Long, DayScore> want = inOrder.points.get(m);
        TreeMap<Long, DayScore> got = repaired.points.get(m);
        assertThat(got.keySet()).isEqualTo(want.keySet());
        double worst = 0;
        for (long day : want.keySet()) {
          worst = Math.max(worst, Math.abs(got.get(day).raw() - want.get(day).raw()));
          assertThat(got.get(day).components().amplification())
              .isCloseTo(want.get(day).components().amplification(), within(0.05));
          assertThat(got.get(day).components().activity())
              .isCloseTo(want.get(day).components().activity(), within(0.05));
        }
        assertThat(worst).as("largest raw difference of %s", m).isLessThan(0.05);
        // Without the repair the month's rise lands on the days the events arrived on.
        TreeMap<Long, DayScore> wrong = unrepaired.points.get(m);
        assertThat(wrong.size()).isLessThan(want.size());
        // The state, and so the current score, is the same either way.
        assertThat(MODEL.raw(MODEL.components(repaired.states.get(m), T0 + 31 * DAY_MS)))
            .isCloseTo(
                MODEL.raw(MODEL.components(inOrder.states.get(m), T0 + 31 * DAY_MS)), within(1e-9));
      }
    }
  }

  @Test
  void aLateEventRepairsEveryLaterStoredDayAndAddsItsOwn() {
    Store s = new Store();
    s.apply(List.of(event("a", 2, "x:fan1"), event("b", 10, "x:fan2")), true);
    TreeMap<Long, DayScore> before = new TreeMap<>(s.points.get("x:star"));
    s.apply(List.of(event("c", 20, "x:fan3")), true);
    s.apply(List.of(event("d", 5, "x:fan4")), true);
    TreeMap<Long, DayScore> after = s.points.get("x:star");
    long d0 = Math.floorDiv(T0, DAY_MS);
    assertThat(after.keySet()).containsExactly(d0 + 2, d0 + 5, d0 + 10, d0 + 20);
    assertThat(after.get(d0 + 2).raw()).isEqualTo(before.get(d0 + 2).raw());
    assertThat(after.get(d0 + 10).raw()).isGreaterThan(before.get(d0 + 10).raw());
    assertThat(after.get(d0 + 5).raw()).isGreaterThan(after.get(d0 + 2).raw());
  }

  static ModelEvent event(String id, int day, String fan) {
    return new ModelEvent(id, InteractionKind.SHARE, fan, "x:star", List.of(), T0 + day * DAY_MS);
  }

  static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
