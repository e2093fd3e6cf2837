package dev.sway.scoring;

/**
 * Counts of one applied batch.
 *
 * @param suppressed interactions dropped before scoring (an erased account, or an unregistered
 *     target in opt-in mode)
 * @param suppressedSnapshots snapshots dropped for the same reasons
 */
public record ApplyResult(
    int accepted, int duplicates, int snapshots, int suppressed, int suppressedSnapshots) {
  /** Counts of a batch of which nothing was suppressed. */
  public ApplyResult(int accepted, int duplicates, int snapshots) {
    this(accepted, duplicates, snapshots, 0, 0);
  }
}
