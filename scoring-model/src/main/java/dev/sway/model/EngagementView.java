package dev.sway.model;

/**
 * What the model reads about the accounts around a batch, from wherever they are stored (Redis in
 * the scoring service, maps in the evaluation). Values are as stored before the batch.
 */
public interface EngagementView {
  /**
   * The stored state of {@code member} (an empty {@link AccountState} when it was never seen),
   * with every topic it has. Called at most once per account and batch; the applier changes the
   * object it gets.
   */
  AccountState state(String member);

  /** Scaled decayed mass of engagement {@code from} gave {@code to}; 0 when none. */
  double pairScaled(String from, String to);
}
