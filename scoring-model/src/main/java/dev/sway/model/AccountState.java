package dev.sway.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything the model keeps about one account. Decayed sums are stored in the epoch-scaled form of
 * {@link Decay}, so they can be updated in any order and read at any time.
 *
 * <p>Mutable and not thread-safe: the scoring service loads one, applies a batch and stores it.
 */
public final class AccountState {
  /** Latest profile snapshot; {@code snapshotMs} is -1 until one arrives. */
  public long followers;

  public long following;
  public long posts;
  public long snapshotMs = -1;

  /** Scaled decayed sums. */
  public double amplification;

  public double authority;
  public double posting;
  public double engagers;

  /** Scaled decayed sum of interactions this account gave (maintained on the actor's side). */
  public double authored;

  /** Epoch day of {@link #givenCount}, -1 when it never engaged anyone. */
  public long givenDay = -1;

  /** Reactions this account handed out on {@link #givenDay} (the reaction-farm rule). */
  public long givenCount;

  /** Latest time this account engaged someone, -1 when never. */
  public long lastGivenMs = -1;

  /**
   * Epoch day the decay sweep last evaluated this account at ({@link Long#MIN_VALUE} when never):
   * an idle account's score is evaluated at the end of this day rather than of its last event.
   */
  public long sweptDay = Long.MIN_VALUE;

  /** Interactions received and counted, all time. */
  public long interactions;

  /** Latest event or snapshot time seen, -1 when none. */
  public long lastEventMs = -1;

  /** Whether the account has a score: it received engagement or a profile snapshot. */
  public boolean isScored() {
    return interactions > 0 || snapshotMs >= 0;
  }

  /**
   * The epoch day this account's score is evaluated at: the day of its latest event (received,
   * given or snapshot), or the day the decay sweep brought it to, whichever is later.
   */
  public long evaluationDay() {
    long latest = Math.max(lastEventMs, lastGivenMs);
    long day = latest < 0 ? Long.MIN_VALUE : Math.floorDiv(latest, Decay.DAY_MS);
    return Math.max(day, sweptDay);
  }

  /** Scaled decayed amplification per topic, for the topics loaded. */
  public final Map<String, Double> topics = new HashMap<>();

  /** The heaviest engagers of this account with their pair masses (diminishing returns, pods). */
  public final EngagerTable engagerTable = new EngagerTable();

  public AccountState copy() {
    AccountState c = new AccountState();
    c.followers = followers;
    c.following = following;
    c.posts = posts;
    c.snapshotMs = snapshotMs;
    c.amplification = amplification;
    c.authority = authority;
    c.posting = posting;
    c.engagers = engagers;
    c.authored = authored;
    c.givenDay = givenDay;
    c.givenCount = givenCount;
    c.lastGivenMs = lastGivenMs;
    c.sweptDay = sweptDay;
    c.interactions = interactions;
    c.lastEventMs = lastEventMs;
    c.topics.putAll(topics);
    engagerTable.copyInto(c.engagerTable);
    return c;
  }
}
