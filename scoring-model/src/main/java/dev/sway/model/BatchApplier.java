package dev.sway.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a batch of interactions in time order, with the engagement context each needs: the
 * pair's mass so far (diminishing returns), the reverse pair (pods), the engager's score
 * (authority) and the reactions it gave that day (farms). Engagement earlier in the same batch
 * counts — a pod whose whole exchange arrives in one batch is caught like one spread over many.
 *
 * <p>Shared by the scoring service and the offline evaluation so that both run the same
 * arithmetic.
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

  /**
   * Applies {@code events} to the states of their targets (changed in place; every target must
   * be in {@code states}) and returns one update per target, in first-seen order.
   */
  public Map<String, AccountUpdate> apply(
      Map<String, AccountState> states, List<ModelEvent> events, EngagementView view, Calibration cal) {
    Map<String, AccountUpdate> updates = new LinkedHashMap<>();
    for (ModelEvent e : events) {
      updates.computeIfAbsent(e.target(), t -> new AccountUpdate(states.get(t)));
    }
    List<ModelEvent> ordered = new ArrayList<>(events);
    ordered.sort(Comparator.comparingLong(ModelEvent::timeMs));
    Map<String, Double> pairs = new HashMap<>();
    Map<String, long[]> givenInBatch = new HashMap<>();
    Decay decay = model.decay();
    for (ModelEvent e : ordered) {
      AccountUpdate u = updates.get(e.target());
      long day = Math.floorDiv(e.timeMs(), DAY_MS);
      long givenToday = view.givenBefore(e.actor(), day)
          + ++givenInBatch.computeIfAbsent(e.actor() + '\u0000' + day, k -> new long[1])[0];
      String key = e.actor() + '\u0000' + e.target();
      Double inBatch = pairs.get(key);
      double pairScaled = inBatch != null ? inBatch : view.pairScaled(e.actor(), e.target());
      Double reverseInBatch = pairs.get(e.target() + '\u0000' + e.actor());
      double reverseScaled = reverseInBatch != null ? reverseInBatch : view.pairScaled(e.target(), e.actor());
      double pairBefore = decay.valueAt(pairScaled, e.timeMs());
      Double raw = view.engagerRaw(e.actor());
      double engagerScore = raw == null ? 0 : cal.score(raw);
      Contribution c = model.applyInteraction(u.state, e.kind(), e.timeMs(), e.topics(),
          new EngagerContext(engagerScore, givenToday, pairBefore, decay.valueAt(reverseScaled, e.timeMs())));
      double after = pairScaled + model.pairIncrement(c, pairBefore, e.timeMs());
      pairs.put(key, after);
      u.pairs.put(e.actor(), after);
      for (String t : e.topics()) {
        u.topicCounts.merge(t, 1, Integer::sum);
      }
      double[] g = u.given.computeIfAbsent(e.actor(), k -> new HashMap<>()).computeIfAbsent(day, k -> new double[2]);
      g[0] += 1;
      g[1] += model.authoredIncrement(c, e.timeMs());
      u.contributions.put(e.eventId(), c);
    }
    return updates;
  }
}
