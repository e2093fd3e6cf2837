package dev.sway.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch changed about one account: the new state and everything else that must be stored
 * with it (pair masses live in the state's {@link EngagerTable}). An account can change as a target
 * (engagement or snapshot received) and as an actor (engagement given: its activity and daily
 * reaction count).
 */
public final class AccountUpdate {
  static final long NO_DAY = Long.MIN_VALUE;

  /** The account's state after the batch. */
  public final AccountState state;

  /** Topics touched by the events, with the number of events per topic. */
  public final Map<String, Integer> topicCounts = new LinkedHashMap<>();

  /** What each received event added, by event id, in the order applied. */
  public final Map<String, Contribution> contributions = new LinkedHashMap<>();

  /** One point per day the batch changed, in day order; empty for accounts without a score. */
  public final List<DayScore> history = new ArrayList<>();

  /**
   * Changes of events older than the day the account had reached when they were applied: in the
   * state and in {@link #history}, but not yet in the points stored before the batch ({@link
   * HistoryRepair}).
   */
  public final List<LateChange> late = new ArrayList<>();

  /** Whether it received events or snapshots in the batch. */
  public boolean asTarget;

  /** Whether it gave engagement in the batch. */
  public boolean asActor;

  /** The day the latest change counts for, not yet written to {@link #history}. */
  long openDay = NO_DAY;

  AccountUpdate(AccountState state) {
    this.state = state;
  }
}
