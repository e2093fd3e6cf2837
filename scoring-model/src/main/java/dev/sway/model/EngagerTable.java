package dev.sway.model;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The engagers an account keeps per-pair state for: engager member → scaled decayed pair mass and
 * the time of the engager's latest engagement. Bounded: when a new engager arrives and the table
 * holds {@link #CAPACITY} engagers, the one with the least decayed mass leaves. Scaled masses share
 * one epoch, so the least scaled mass is the least decayed mass at any time.
 *
 * <p>Why this is safe for the anti-gaming rules: a superfan or a pod partner is, by construction,
 * among the heaviest engagers of its target, so it is never the one evicted; only one-off engagers
 * of accounts with more than {@link #CAPACITY} of them lose their pair state, and such an engager
 * coming back counts as new again (a slight over-count of distinct engagers, bounded by the decay
 * of an engager that is lighter than every kept one). The eviction is part of each event's
 * application, so states are the same whatever the batch sizes.
 *
 * <p>Not thread-safe; iteration order is insertion order, so an encoded table is deterministic.
 */
public final class EngagerTable {
  /** Engagers kept per account. Part of the model: changing it changes scores. */
  public static final int CAPACITY = 32;

  /**
   * How long an engager's pair state is kept after its latest engagement (retention of personal
   * data: who engaged whom). By then its pair mass has decayed to 1/64 (six half-lives of 30 days):
   * what it still weighs in the per-pair rules is negligible.
   */
  public static final long RETENTION_MS = 180 * Decay.DAY_MS;

  /** One engager's pair state. */
  public static final class Pair {
    public double scaledMass;
    public long lastMs;

    Pair(double scaledMass, long lastMs) {
      this.scaledMass = scaledMass;
      this.lastMs = lastMs;
    }
  }

  private final LinkedHashMap<String, Pair> pairs = new LinkedHashMap<>();

  /** Scaled pair mass of {@code engager}; 0 when it is not kept. */
  public double scaled(String engager) {
    Pair p = pairs.get(engager);
    return p == null ? 0 : p.scaledMass;
  }

  /** The pair of {@code engager}, or null. */
  public Pair get(String engager) {
    return pairs.get(engager);
  }

  /**
   * Stores the pair mass of {@code engager} after an engagement at {@code timeMs}, evicting the
   * lightest engager first when the engager is new and the table is full (ties: the one kept
   * longest).
   */
  public void record(String engager, double scaledMass, long timeMs) {
    Pair p = pairs.get(engager);
    if (p != null) {
      p.scaledMass = scaledMass;
      p.lastMs = Math.max(p.lastMs, timeMs);
      return;
    }
    if (pairs.size() >= CAPACITY) {
      String lightest = null;
      double least = Double.POSITIVE_INFINITY;
      for (Map.Entry<String, Pair> e : pairs.entrySet()) {
        if (e.getValue().scaledMass < least) {
          least = e.getValue().scaledMass;
          lightest = e.getKey();
        }
      }
      pairs.remove(lightest);
    }
    pairs.put(engager, new Pair(scaledMass, timeMs));
  }

  /**
   * Drops the engagers whose latest engagement is before {@code cutoffMs}; returns how many. The
   * model calls it at each event the account receives with the event's time minus {@link
   * #RETENTION_MS}, so the table is a function of the events whatever the batches; the decay sweep
   * calls it with an earlier cutoff (the start of the score clock's day), so it only drops what the
   * account's next event would drop anyway.
   */
  public int expire(long cutoffMs) {
    int before = pairs.size();
    pairs.values().removeIf(p -> p.lastMs < cutoffMs);
    return before - pairs.size();
  }

  /**
   * Scaled pair mass of {@code engager} if its latest engagement is not before {@code cutoffMs},
   * else 0.
   */
  public double scaledSince(String engager, long cutoffMs) {
    Pair p = pairs.get(engager);
    return p == null || p.lastMs < cutoffMs ? 0 : p.scaledMass;
  }

  /** Puts a stored pair back as it was (decoding); no eviction. */
  public void restore(String engager, double scaledMass, long lastMs) {
    pairs.put(engager, new Pair(scaledMass, lastMs));
  }

  /** Forgets {@code engager} (erasure); whether it was kept. */
  public boolean remove(String engager) {
    return pairs.remove(engager) != null;
  }

  public int size() {
    return pairs.size();
  }

  public boolean isEmpty() {
    return pairs.isEmpty();
  }

  /** Visits every kept engager in insertion order. */
  public void forEach(BiConsumer<String, Pair> visitor) {
    pairs.forEach(visitor);
  }

  /** The kept engagers, in insertion order. */
  public Iterator<Map.Entry<String, Pair>> iterator() {
    return pairs.entrySet().iterator();
  }

  void copyInto(EngagerTable other) {
    pairs.forEach((k, v) -> other.pairs.put(k, new Pair(v.scaledMass, v.lastMs)));
  }
}
