package dev.sway.model;

/**
 * Exponential decay with a half-life, stored lazily.
 *
 * <p>A decayed sum is kept as its value scaled to a fixed epoch: an amount {@code x} added at time
 * {@code t} is stored as {@code x * 2^((t - epoch) / halfLife)}. Sums of scaled amounts are plain
 * sums, so adding an event is O(1) and needs no other stored value, whatever order events arrive
 * in; the value at time {@code now} is {@code scaled * 2^(-(now - epoch) / halfLife)}. With a
 * 30-day half-life a double holds about 80 years either side of the epoch.
 */
public final class Decay {
  /** 2020-01-01T00:00:00Z, the epoch of every scaled sum of model version 1. */
  public static final long EPOCH_MS = 1_577_836_800_000L;

  /** One day in milliseconds. */
  public static final long DAY_MS = 86_400_000L;

  private final double halfLifeMs;

  public Decay(double halfLifeMs) {
    if (!(halfLifeMs > 0)) {
      throw new IllegalArgumentException("half-life must be positive");
    }
    this.halfLifeMs = halfLifeMs;
  }

  public double halfLifeMs() {
    return halfLifeMs;
  }

  /** The stored form of {@code amount} happening at {@code timeMs}. */
  public double scale(double amount, long timeMs) {
    return amount * Math.pow(2.0, (timeMs - EPOCH_MS) / halfLifeMs);
  }

  /** The value at {@code nowMs} of a stored scaled sum. */
  public double valueAt(double scaled, long nowMs) {
    return scaled * Math.pow(2.0, -(nowMs - EPOCH_MS) / halfLifeMs);
  }

  /**
   * The instant a score of {@code epochDay} is evaluated at: the end of that day (UTC). Scores are
   * day-granular in time so that the same events give the same score whenever they are applied, and
   * a day's history point is the score at its end.
   */
  public static long endOfDayMs(long epochDay) {
    return (epochDay + 1) * DAY_MS;
  }

  /** Factor by which a value shrinks over {@code elapsedMs}. */
  public double factor(long elapsedMs) {
    return Math.pow(2.0, -elapsedMs / halfLifeMs);
  }
}
