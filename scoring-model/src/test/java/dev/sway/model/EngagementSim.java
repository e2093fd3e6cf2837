package dev.sway.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

// Drives ScoringModel the way the scoring service's BatchScorer does: pair masses are kept per
// direction as scaled sums grown by pairIncrement, read back with valueAt at the event time, the
// reverse direction is the target's own pair mass towards the engager, givenToday counts the
// engager's reactions on the event's UTC day, and the actor's authored sum grows per interaction.
// Events must be fed in time order.
final class EngagementSim {
  static final long DAY_MS = 86_400_000L;
  static final long HOUR_MS = 3_600_000L;
  // 2024-01-01T00:00:00Z, well after the decay epoch.
  static final long T0 = 1_704_067_200_000L;

  final ScoringModel model;
  private final Map<String, AccountState> accounts = new HashMap<>();
  private final Map<String, Double> pairs = new HashMap<>();
  private final Map<String, Long> given = new HashMap<>();

  EngagementSim(ScoringModel model) {
    this.model = model;
  }

  EngagementSim() {
    this(new ScoringModel(ModelConfig.DEFAULT));
  }

  AccountState account(String id) {
    return accounts.computeIfAbsent(id, k -> new AccountState());
  }

  void snapshot(String id, long followers, long following, long posts, long timeMs) {
    model.applySnapshot(account(id), followers, following, posts, timeMs);
  }

  // Reactions the actor handed out to accounts outside the simulation on that day.
  void givenElsewhere(String actor, long timeMs, long count) {
    given.merge(actor + "@" + Math.floorDiv(timeMs, DAY_MS), count, Long::sum);
  }

  Contribution interact(
      String actor, String target, InteractionKind kind, long timeMs, double actorScore) {
    long givenToday = given.merge(actor + "@" + Math.floorDiv(timeMs, DAY_MS), 1L, Long::sum);
    double before = pairMass(actor, target, timeMs);
    double reverse = pairMass(target, actor, timeMs);
    Contribution c =
        model.applyInteraction(
            account(target),
            kind,
            timeMs,
            List.of(),
            new EngagerContext(actorScore, givenToday, before, reverse));
    pairs.merge(pairKey(actor, target), model.pairIncrement(c, before, timeMs), Double::sum);
    account(actor).authored += model.authoredIncrement(c, timeMs);
    return c;
  }

  double pairMass(String actor, String target, long nowMs) {
    return model.decay().valueAt(pairs.getOrDefault(pairKey(actor, target), 0.0), nowMs);
  }

  Components components(String id, long nowMs) {
    return model.components(account(id), nowMs);
  }

  double raw(String id, long nowMs) {
    return model.raw(components(id, nowMs));
  }

  double amplificationUnits(String id, long nowMs) {
    return model.decay().valueAt(account(id).amplification, nowMs);
  }

  double authorityUnits(String id, long nowMs) {
    return model.decay().valueAt(account(id).authority, nowMs);
  }

  private static String pairKey(String actor, String target) {
    return actor + "\u0000" + target;
  }
}
