package dev.sway.model;

/**
 * What the model reads about the accounts around a batch, from wherever they are stored (Redis in
 * the scoring service, maps in the evaluation). Values are as stored before the batch.
 */
public interface EngagementView {
  /**
   * The stored state of {@code member} (an empty {@link AccountState} when it was never seen), with
   * every topic and kept engager it has. Called at most once per account and batch; the applier
   * changes the object it gets.
   */
  AccountState state(String member);
}
