package dev.sway.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Account states in memory, driven by the same {@link BatchApplier} as the scoring service: the
 * offline evaluation and the model's tests run exactly the arithmetic the service stores in
 * Redis. Single-threaded.
 */
public final class MemoryStore implements EngagementView {
  private final ScoringModel model;
  private final BatchApplier applier;
  private final Map<String, AccountState> states = new HashMap<>();
  /** account → epoch day → its history point. */
  private final Map<String, Map<Long, DayScore>> history = new HashMap<>();
  private boolean keepHistory;

  public MemoryStore(ScoringModel model) {
    this.model = model;
    this.applier = new BatchApplier(model);
  }

  /** Keeps every account's daily points (off by default: the evaluation does not need them). */
  public MemoryStore keepingHistory() {
    this.keepHistory = true;
    return this;
  }

  public ScoringModel model() {
    return model;
  }

  /** Applies one batch as the scoring service does and returns what it changed. */
  public BatchApplier.Result apply(List<ModelSnapshot> snapshots, List<ModelEvent> events) {
    List<BatchApplier.Item> items = events.stream().map(BatchApplier.Item::of).toList();
    BatchApplier.Result r = applier.apply(this, snapshots, items);
    for (Map.Entry<String, AccountUpdate> e : r.updates.entrySet()) {
      if (keepHistory) {
        Map<Long, DayScore> days = history.computeIfAbsent(e.getKey(), k -> new HashMap<>());
        for (DayScore d : e.getValue().history) {
          days.put(d.epochDay(), d);
        }
      }
    }
    return r;
  }

  /** Applies interactions only. */
  public BatchApplier.Result apply(List<ModelEvent> events) {
    return apply(List.of(), events);
  }

  /** The state of an account (the stored object itself: the applier changes it in place). */
  @Override
  public AccountState state(String member) {
    return states.computeIfAbsent(member, k -> new AccountState());
  }

  /** Whether the account was ever seen. */
  public boolean contains(String member) {
    return states.containsKey(member);
  }

  /** The account's daily points (empty unless {@link #keepingHistory()}). */
  public Map<Long, DayScore> history(String member) {
    return history.getOrDefault(member, Map.of());
  }

  /** Visits every account. */
  public void forEach(BiConsumer<String, AccountState> visitor) {
    states.forEach(visitor);
  }

  /** Raw score of an account at {@code nowMs}; 0 for accounts never seen. */
  public double rawAt(String member, long nowMs) {
    AccountState s = states.get(member);
    return s == null ? 0 : model.raw(model.components(s, nowMs));
  }

  /** Components of an account at {@code nowMs}; zero for accounts never seen. */
  public Components componentsAt(String member, long nowMs) {
    AccountState s = states.get(member);
    return s == null ? Components.ZERO : model.components(s, nowMs);
  }
}
