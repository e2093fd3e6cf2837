package dev.sway.model;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Sway scoring model: pure functions over {@link AccountState}, no I/O.
 *
 * <p>Applying an event costs O(1) (plus one map update per topic tag). Scores are read at a chosen
 * time with {@link #components} and {@link #raw}; {@link Calibration} turns a raw value into the
 * published 1-100 score. {@code docs/scoring.md} gives the formulas in words.
 */
public final class ScoringModel {
  private final ModelConfig cfg;
  private final Decay decay;

  public ScoringModel(ModelConfig cfg) {
    this.cfg = cfg;
    this.decay = new Decay(cfg.halfLifeMs());
  }

  public ModelConfig config() {
    return cfg;
  }

  public Decay decay() {
    return decay;
  }

  /**
   * Applies one interaction received by {@code target}.
   *
   * @param topics normalised topic tags of the interaction
   * @return what the interaction added, before decay
   */
  public Contribution applyInteraction(
      AccountState target,
      InteractionKind kind,
      long timeMs,
      Collection<String> topics,
      EngagerContext ctx) {
    double w = cfg.weight(kind);
    double farm = farmFactor(ctx.givenToday());
    double pod = podFactor(ctx.pairMass() + w, ctx.reverseMass());
    // Superfans: a pair's total is log(1 + mass), so the k-th reaction from the same person adds
    // ~1/k of the first one. The pair's mass grows by the full reaction; the farm and pod factors
    // multiply the gain rather than the mass inside the log, so a damped reaction is worth
    // exactly that fraction of a normal one (inside the concave log it kept ~1.4-2x that).
    double base = w;
    double pair = Math.max(0, ctx.pairMass());
    double diminished = farm * pod * (Math.log1p(pair + base) - Math.log1p(pair));
    double q = quality(ctx.engagerScore());
    double amp = diminished * (cfg.ampQualityFloor() + (1 - cfg.ampQualityFloor()) * Math.sqrt(q));
    double auth = diminished * q;
    boolean newEngager = pair < cfg.newPairThreshold();

    target.amplification += decay.scale(amp, timeMs);
    target.authority += decay.scale(auth, timeMs);
    if (newEngager) {
      target.engagers += decay.scale(1.0, timeMs);
    }
    double scaledAmp = decay.scale(amp, timeMs);
    for (String topic : topics) {
      target.topics.merge(topic, scaledAmp, Double::sum);
    }
    target.interactions++;
    target.lastEventMs = Math.max(target.lastEventMs, timeMs);
    return new Contribution(amp, auth, pair + base, newEngager, farm, pod, q);
  }

  /**
   * Reaction farms: an engager handing out more than N reactions a day is worth N/given each.
   *
   * @return the factor, 0-1, an engagement from an engager that gave {@code givenToday} reactions
   *     that day is worth
   */
  public double farmFactor(long givenToday) {
    return givenToday <= cfg.farmReactionsPerDay() ? 1.0 : cfg.farmReactionsPerDay() / givenToday;
  }

  /**
   * Engagement pods: when both sides of a pair engage each other heavily, engagement beyond podMass
   * of mutual volume is worth (podMass / mutual)^2: trading engagement fades fast.
   *
   * @param pairMass decayed mass from the engager to the target (with the engagement itself)
   * @param reverseMass decayed mass from the target back to the engager
   */
  public double podFactor(double pairMass, double reverseMass) {
    double mutual = Math.min(pairMass, reverseMass);
    return mutual <= cfg.podMass() ? 1.0 : Math.pow(cfg.podMass() / mutual, 2);
  }

  /** The scaled amount a pair's stored mass grows by for this interaction. */
  public double pairIncrement(Contribution c, double pairMassBefore, long timeMs) {
    return decay.scale(c.pairMassAfter() - Math.max(0, pairMassBefore), timeMs);
  }

  /** The scaled amount the actor's authored-activity sum grows by for one interaction given. */
  public double authoredIncrement(long timeMs) {
    return decay.scale(1.0, timeMs);
  }

  /**
   * The same for an interaction the model damped: engagement handed out by a reaction farm or
   * inside a pod earns its giver activity only in the proportion it earned the target anything.
   */
  public double authoredIncrement(Contribution c, long timeMs) {
    return decay.scale(c.farmFactor() * c.podFactor(), timeMs);
  }

  /**
   * Applies a profile snapshot; older snapshots than the stored one are ignored.
   *
   * @return whether the snapshot was newer and applied
   */
  public boolean applySnapshot(
      AccountState s, long followers, long following, long posts, long observeMs) {
    if (observeMs < s.snapshotMs) {
      return false;
    }
    if (s.snapshotMs >= 0 && posts > s.posts) {
      long delta = Math.min(posts - s.posts, cfg.maxPostsPerSnapshotDelta());
      s.posting += decay.scale(delta, observeMs);
    }
    s.followers = followers;
    s.following = following;
    s.posts = posts;
    s.snapshotMs = observeMs;
    s.lastEventMs = Math.max(s.lastEventMs, observeMs);
    return true;
  }

  /**
   * The score an engager's raw score stands for on the model's fixed reference curve ({@link
   * ModelConfig#QUALITY_CURVE_RAW}), 1-100. Unlike the published calibration it does not depend on
   * the population, so a crowd of throwaway accounts is worth the same little whether it is a tenth
   * or nine tenths of everyone scored.
   */
  public static double referenceScore(double raw) {
    return Calibration.interpolate(
        ModelConfig.QUALITY_CURVE_RAW, ModelConfig.QUALITY_CURVE_SCORE, raw);
  }

  /**
   * The quality of an engager at {@code atMs}: its raw score from its own state at that time, read
   * on the reference curve. A pure function of the engager's state, so the same events give the
   * same weights whatever was calibrated or evaluated in between.
   */
  public double engagerQuality(AccountState engager, long atMs) {
    return quality(referenceScore(raw(components(engager, atMs))));
  }

  /** Quality of an engager, 0-1: the square of its score on 0-1 (unknown engagers count low). */
  public double quality(double engagerScore) {
    double s = engagerScore > 0 ? engagerScore : cfg.unknownEngagerScore();
    double x = Math.min(100, s) / 100.0;
    return x * x;
  }

  /**
   * TweepCred's follow-back penalty on reach, 0-1 (1 = none). Two rules from Twitter's reputation
   * job: the user-mass prior divides by {@code exp(5 (r - 0.6))} when following more than 500 and
   * {@code r = (1 + following) / (1 + followers)} exceeds 0.6; and beyond 2,500 following, the
   * reputation is divided by {@code exp(3 (r - 1) ln ln following)}, kept within 1-50 (TweepCred's
   * {@code Reputation.adjustReputationsPostCalculation}, whose ratio threshold is 1.0, unlike the
   * 0.6 of its user-mass prior).
   */
  public static double followBackPenalty(long followers, long following) {
    double r = (1.0 + following) / (1.0 + followers);
    double p = 1.0;
    if (following > 500 && r > 0.6) {
      p /= Math.exp(5.0 * (r - 0.6));
    }
    if (following > 2500) {
      double div = Math.exp(3.0 * (r - 1.0) * Math.log(Math.log(following)));
      p /= Math.max(1.0, Math.min(50.0, div));
    }
    return p;
  }

  /** The four components of {@code s} at time {@code nowMs}. */
  public Components components(AccountState s, long nowMs) {
    double effFollowers = s.followers * followBackPenalty(s.followers, s.following);
    double reach = scaled(effFollowers, cfg.reachLog10Max());
    double A = decay.valueAt(s.amplification, nowMs);
    double U = decay.valueAt(s.authority, nowMs);
    double actions =
        decay.valueAt(s.posting, nowMs)
            + cfg.authoredActivityWeight() * decay.valueAt(s.authored, nowMs);
    double f = liveness(s, nowMs);
    double amp = scaled(A * f, cfg.ampLog10Max());
    double auth = scaled(U * f, cfg.authLog10Max());
    double act = scaled(actions, cfg.activityLog10Max());
    return new Components(reach, amp, auth, act);
  }

  /**
   * The liveness factor of a configuration that has one (1 otherwise): 1 on the day of the
   * account's latest event, falling to the floor as it stays idle. A new engagement moves the
   * latest event forward or leaves it, so the factor never lowers a score for engagement received.
   */
  private double liveness(AccountState s, long nowMs) {
    if (!(cfg.livenessHalfLifeDays() > 0) || s.lastEventMs < 0) {
      return 1;
    }
    double idleDays = Math.max(0, nowMs - s.lastEventMs) / (double) Decay.DAY_MS;
    double floor = cfg.livenessFloor();
    return floor + (1 - floor) * Math.pow(2, -idleDays / cfg.livenessHalfLifeDays());
  }

  /**
   * The raw score, 0-100: the weighted sum of the components, where activity counts only as far as
   * it is matched by amplification or reach — posting a lot to nobody earns nothing.
   */
  public double raw(Components c) {
    double earnedActivity = Math.min(c.activity(), Math.max(c.amplification(), c.reach()));
    return cfg.weightReach() * c.reach()
        + cfg.weightAmplification() * c.amplification()
        + cfg.weightAuthority() * c.authority()
        + cfg.weightActivity() * earnedActivity;
  }

  /**
   * Everything published about an account, evaluated at the end of its evaluation day ({@link
   * AccountState#evaluationDay()}): components, raw score, distinct engagers and the raw score of
   * every topic loaded in the state.
   */
  public Evaluation evaluate(AccountState s) {
    return evaluateAt(s, s.evaluationDay());
  }

  /** The same, at the end of {@code epochDay}. */
  public Evaluation evaluateAt(AccountState s, long epochDay) {
    long atMs = Decay.endOfDayMs(epochDay);
    Components c = components(s, atMs);
    Map<String, Double> topicRaws = new TreeMap<>();
    for (Map.Entry<String, Double> t : s.topics.entrySet()) {
      topicRaws.put(t.getKey(), topicRaw(s, t.getValue(), atMs));
    }
    return new Evaluation(epochDay, c, raw(c), distinctEngagers(s, atMs), topicRaws);
  }

  /**
   * The components {@code elapsedMs} later with no new events: the decayed parts (amplification,
   * authority, activity) fall with the half-life, reach stays. Exact up to the rounding of {@code
   * c}, except for a component held at 100 by its cap. History uses it for idle days.
   */
  public Components decayed(Components c, long elapsedMs) {
    if (elapsedMs <= 0) {
      return c;
    }
    double f = decay.factor(elapsedMs);
    return new Components(
        c.reach(),
        rescale(c.amplification(), cfg.ampLog10Max(), f),
        rescale(c.authority(), cfg.authLog10Max(), f),
        rescale(c.activity(), cfg.activityLog10Max(), f));
  }

  private static double rescale(double component, double log10Max, double factor) {
    double x = Math.pow(10.0, component * log10Max / 100.0) - 1.0;
    return scaled(x * factor, log10Max);
  }

  /** Decayed distinct engagers at {@code nowMs}. */
  public double distinctEngagers(AccountState s, long nowMs) {
    return decay.valueAt(s.engagers, nowMs);
  }

  /**
   * The raw score of one topic: amplification on that topic alone, with authority in the same
   * proportion to amplification as the account's overall.
   */
  public double topicRaw(AccountState s, double scaledTopicAmp, long nowMs) {
    double amp = decay.valueAt(scaledTopicAmp, nowMs);
    double totalAmp = decay.valueAt(s.amplification, nowMs);
    double ratio = totalAmp > 0 ? Math.min(1.0, decay.valueAt(s.authority, nowMs) / totalAmp) : 0;
    return cfg.weightAmplification() * scaled(amp, cfg.ampLog10Max())
        + cfg.weightAuthority() * scaled(amp * ratio, cfg.authLog10Max());
  }

  /**
   * Combines the raw scores of one person's accounts on several networks: the best counts in full,
   * the next half, the next a quarter, ... A sum with diminishing returns, so adding a network
   * never lowers the result.
   */
  public static double combineNetworks(List<Double> raws) {
    double[] sorted = raws.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double total = 0;
    double weight = 1;
    for (int i = sorted.length - 1; i >= 0; i--) {
      total += weight * Math.max(0, sorted[i]);
      weight /= 2;
    }
    return total;
  }

  /** {@code 100 * log10(1 + x) / log10Max}, clamped to 0-100. */
  static double scaled(double x, double log10Max) {
    if (!(x > 0)) {
      return 0;
    }
    return Math.min(100.0, 100.0 * Math.log10(1.0 + x) / log10Max);
  }
}
