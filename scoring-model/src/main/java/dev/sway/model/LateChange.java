package dev.sway.model;

/**
 * An amount added to an account's decayed sums by an event that arrived after the account had moved
 * on to a later day: it is in the sums (they are commutative) and in the point of the day the batch
 * writes, but not in the points already stored for the days between. {@link HistoryRepair} adds it
 * to them.
 *
 * @param timeMs the event's time
 * @param amplification amplification units added (target side)
 * @param authority authority units added (target side)
 * @param actions activity units added: a post's worth of an interaction given, times its damping
 *     (actor side; negative when an actor side is taken back)
 */
public record LateChange(long timeMs, double amplification, double authority, double actions) {
  /** The epoch day the change belongs to. */
  public long day() {
    return Math.floorDiv(timeMs, Decay.DAY_MS);
  }
}
