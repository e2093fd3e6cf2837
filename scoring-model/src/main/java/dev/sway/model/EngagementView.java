package dev.sway.model;

/**
 * What the model reads about the people engaging with one target, from wherever it is stored
 * (Redis in the scoring service, maps in the evaluation). Values are as stored, before the
 * events being applied.
 */
public interface EngagementView {
  /** Scaled decayed mass of engagement {@code engager} gave the target; 0 when none. */
  double pairScaled(String engager);

  /** Scaled decayed mass of engagement the target gave {@code engager}; 0 when none. */
  double reverseScaled(String engager);

  /** The engager's raw score, or null when it was never scored. */
  Double engagerRaw(String engager);

  /** Reactions the engager handed out on {@code epochDay} before these events. */
  long givenBefore(String engager, long epochDay);
}
