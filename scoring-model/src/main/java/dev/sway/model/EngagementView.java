package dev.sway.model;

/**
 * What the model reads about the engagement around a batch, from wherever it is stored (Redis in
 * the scoring service, maps in the evaluation). Values are as stored before the batch.
 */
public interface EngagementView {
  /** Scaled decayed mass of engagement {@code from} gave {@code to}; 0 when none. */
  double pairScaled(String from, String to);

  /** The engager's raw score, or null when it was never scored. */
  Double engagerRaw(String engager);

  /** Reactions the engager handed out on {@code epochDay} before this batch. */
  long givenBefore(String engager, long epochDay);
}
