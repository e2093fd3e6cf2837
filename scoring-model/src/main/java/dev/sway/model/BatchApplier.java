package dev.sway.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the events one account received, in time order, with the engagement context each
 * needs: the pair's mass so far (for diminishing returns), the reverse pair (pods), the
 * engager's score (authority) and the reactions it gave that day (farms).
 *
 * <p>Shared by the scoring service and the offline evaluation so that both run the same
 * arithmetic. A {@link GivenTally} carries reactions counted earlier in the same batch for
 * other targets.
 */
public final class BatchApplier {
  static final long DAY_MS = 86_400_000L;

  private final ScoringModel model;

  public BatchApplier(ScoringModel model) {
    this.model = model;
  }

  public ScoringModel model() {
    return model;
  }

  /** Reactions handed out within one batch, across targets: (engager, day) → count. */
  public static final class GivenTally {
    private final Map<String, long[]> counts = new HashMap<>();

    long incrementAndGet(String engager, long day) {
      return ++counts.computeIfAbsent(engager + '\u0000' + day, k -> new long[1])[0];
    }
  }

  /**
   * Applies {@code events} (all received by the account of {@code state}) and returns the
   * update. {@code state} is changed in place.
   */
  public AccountUpdate apply(
      AccountState state, List<ModelEvent> events, EngagementView view, Calibration cal,
      GivenTally tally) {
    AccountUpdate u = new AccountUpdate(state);
    List<ModelEvent> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparingLong(ModelEvent::timeMs));
    Decay decay = model.decay();
    for (ModelEvent e : ordered) {
      long day = Math.floorDiv(e.timeMs(), DAY_MS);
      long givenToday = view.givenBefore(e.actor(), day) + tally.incrementAndGet(e.actor(), day);
      double pairScaled = u.pairs.containsKey(e.actor()) ? u.pairs.get(e.actor()) : view.pairScaled(e.actor());
      double pairBefore = decay.valueAt(pairScaled, e.timeMs());
      double reverse = decay.valueAt(view.reverseScaled(e.actor()), e.timeMs());
      Double raw = view.engagerRaw(e.actor());
      double engagerScore = raw == null ? 0 : cal.score(raw);
      Contribution c = model.applyInteraction(state, e.kind(), e.timeMs(), e.topics(),
          new EngagerContext(engagerScore, givenToday, pairBefore, reverse));
      u.pairs.put(e.actor(), pairScaled + model.pairIncrement(c, pairBefore, e.timeMs()));
      for (String t : e.topics()) {
        u.topicCounts.merge(t, 1, Integer::sum);
      }
      double[] g = u.given.computeIfAbsent(e.actor(), k -> new HashMap<>()).computeIfAbsent(day, k -> new double[2]);
      g[0] += 1;
      g[1] += model.authoredIncrement(c, e.timeMs());
      u.contributions.put(e.eventId(), c);
    }
    return u;
  }
}
