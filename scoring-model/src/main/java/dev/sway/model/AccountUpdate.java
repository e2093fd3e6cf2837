package dev.sway.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of applying a list of events to one account: the new state and everything else
 * that must be stored with it.
 */
public final class AccountUpdate {
  /** The account's state after the events. */
  public final AccountState state;
  /** New scaled pair masses of the engagers involved (engager → stored value). */
  public final Map<String, Double> pairs = new LinkedHashMap<>();
  /** Topics touched by the events, with the number of events per topic. */
  public final Map<String, Integer> topicCounts = new LinkedHashMap<>();
  /** Per engager and epoch day: {reactions given, scaled authored-activity increment}. */
  public final Map<String, Map<Long, double[]>> given = new HashMap<>();
  /** What each event added, in the order applied. */
  public final Map<String, Contribution> contributions = new LinkedHashMap<>();

  AccountUpdate(AccountState state) {
    this.state = state;
  }
}
