package dev.sway.cli.eval;

import dev.sway.model.AccountState;
import dev.sway.model.Components;
import dev.sway.model.Decay;
import dev.sway.model.MemoryStore;
import dev.sway.model.ModelConfig;
import dev.sway.model.ModelEvent;
import dev.sway.model.ScoringModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds interactions through {@link MemoryStore} — the scoring service's {@code BatchApplier}
 * with maps instead of Redis — in batches of a given size, in the order given, and reads every
 * account at one instant.
 */
public final class SwayRun {
  private SwayRun() {}

  /** Raw scores and components of the accounts asked for, read at one instant. */
  public record Scores(
      double[] raw, double[] reach, double[] amplification, double[] authority, double[] activity,
      double[] perAction) {}

  /** The member name of a dataset account. */
  static String member(int id) {
    return "x:" + id;
  }

  /** Applies {@code events} to a fresh store in batches of {@code batchSize}. */
  public static MemoryStore apply(List<Interaction> events, ModelConfig config, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive");
    }
    MemoryStore store = new MemoryStore(new ScoringModel(config));
    List<ModelEvent> batch = new ArrayList<>(Math.min(batchSize, events.size()));
    for (Interaction e : events) {
      batch.add(new ModelEvent(Long.toString(e.line()), e.kind(), member(e.actor()), member(e.target()),
          List.of(), e.timeS() * 1000));
      if (batch.size() == batchSize) {
        store.apply(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      store.apply(batch);
    }
    return store;
  }

  /** Scores of {@code accounts} at {@code atMs}. */
  public static Scores read(MemoryStore store, int[] accounts, long atMs) {
    int n = accounts.length;
    Scores s = new Scores(new double[n], new double[n], new double[n], new double[n], new double[n], new double[n]);
    Decay decay = store.model().decay();
    for (int i = 0; i < n; i++) {
      Components c = store.componentsAt(member(accounts[i]), atMs);
      s.raw()[i] = store.model().raw(c);
      s.reach()[i] = c.reach();
      s.amplification()[i] = c.amplification();
      s.authority()[i] = c.authority();
      s.activity()[i] = c.activity();
      if (store.contains(member(accounts[i]))) {
        // Engagement per own action: amplification units times their share of amplification
        // plus interactions given (the datasets have no post counts).
        AccountState st = store.state(member(accounts[i]));
        double a = decay.valueAt(st.amplification, atMs);
        double g = decay.valueAt(st.authored, atMs);
        s.perAction()[i] = a > 0 ? a * a / (a + g) : 0;
      }
    }
    return s;
  }

  /** Applies and reads in one go. */
  public static Scores score(List<Interaction> events, ModelConfig config, int batchSize, int[] accounts, long atMs) {
    return read(apply(events, config, batchSize), accounts, atMs);
  }
}
