package dev.sway.model;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything the model keeps about one account. Decayed sums are stored in the epoch-scaled
 * form of {@link Decay}, so they can be updated in any order and read at any time.
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

  /** Interactions received and counted, all time. */
  public long interactions;
  /** Latest event or snapshot time seen, -1 when none. */
  public long lastEventMs = -1;

  /** Scaled decayed amplification per topic, for the topics loaded. */
  public final Map<String, Double> topics = new HashMap<>();

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
    c.interactions = interactions;
    c.lastEventMs = lastEventMs;
    c.topics.putAll(topics);
    return c;
  }
}
