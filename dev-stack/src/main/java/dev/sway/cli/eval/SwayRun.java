package dev.sway.cli.eval;

import dev.sway.model.AccountState;
import dev.sway.model.Components;
import dev.sway.model.Decay;
import dev.sway.model.ModelConfig;
import dev.sway.model.ModelEvent;
import dev.sway.model.ScoringModel;
import dev.sway.scoring.BatchScorer;
import dev.sway.scoring.MemoryStateStore;
import dev.sway.scoring.ScoringMetrics;
import dev.sway.store.AccountRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Feeds interactions through the scoring service's own {@link BatchScorer} — grouping, the model,
 * encoding and the compare-and-set write — on a {@link MemoryStateStore} instead of Redis, in
 * batches of a given size, in the order given, and reads accounts at an instant from the records as
 * stored.
 */
public final class SwayRun {
  private SwayRun() {}

  /** Raw scores and components of the accounts asked for, read at one instant. */
  public record Scores(
      double[] raw,
      double[] reach,
      double[] amplification,
      double[] authority,
      double[] activity,
      double[] perAction) {}

  /**
   * A store and the model that writes it. Events can be applied in several calls (each call's last
   * batch is flushed before it returns), so one run can be read at several cuts in turn.
   */
  public static final class Run {
    private final MemoryStateStore store = new MemoryStateStore();
    private final ScoringModel model;
    private final BatchScorer scorer;
    private final int batchSize;

    Run(ModelConfig config, int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batch size must be positive");
      }
      this.model = new ScoringModel(config);
      this.batchSize = batchSize;
      // A fixed clock: the wall-clock time of a write is bookkeeping, not part of a score.
      this.scorer =
          new BatchScorer(
              model,
              store,
              Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
              new ScoringMetrics(new SimpleMeterRegistry()));
    }

    public MemoryStateStore store() {
      return store;
    }

    public ScoringModel model() {
      return model;
    }

    /** Applies {@code events} after everything applied so far, in batches of the run's size. */
    public Run apply(List<Interaction> events) {
      List<ModelEvent> batch = new ArrayList<>(Math.min(batchSize, events.size()));
      for (Interaction e : events) {
        batch.add(
            new ModelEvent(
                Long.toString(e.line()),
                e.kind(),
                member(e.actor()),
                member(e.target()),
                List.of(),
                e.timeS() * 1000));
        if (batch.size() == batchSize) {
          scorer.apply(List.of(), batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        scorer.apply(List.of(), batch);
      }
      return this;
    }
  }

  /** The member name of a dataset account. */
  static String member(int id) {
    return "x:" + id;
  }

  /** A fresh store that will take events in batches of {@code batchSize}. */
  public static Run start(ModelConfig config, int batchSize) {
    return new Run(config, batchSize);
  }

  /** Applies {@code events} to a fresh store in batches of {@code batchSize}. */
  public static Run apply(List<Interaction> events, ModelConfig config, int batchSize) {
    return start(config, batchSize).apply(events);
  }

  /** Scores of {@code accounts} at {@code atMs}. */
  public static Scores read(Run run, int[] accounts, long atMs) {
    int n = accounts.length;
    Scores s =
        new Scores(
            new double[n],
            new double[n],
            new double[n],
            new double[n],
            new double[n],
            new double[n]);
    ScoringModel model = run.model();
    Decay decay = model.decay();
    for (int i = 0; i < n; i++) {
      AccountRecord r = run.store().record(member(accounts[i]));
      AccountState st = r == null ? new AccountState() : r.state;
      Components c = model.components(st, atMs);
      s.raw()[i] = model.raw(c);
      s.reach()[i] = c.reach();
      s.amplification()[i] = c.amplification();
      s.authority()[i] = c.authority();
      s.activity()[i] = c.activity();
      if (r != null) {
        // Engagement per own action: amplification units times their share of amplification
        // plus interactions given (the datasets have no post counts).
        double a = decay.valueAt(st.amplification, atMs);
        double g = decay.valueAt(st.authored, atMs);
        s.perAction()[i] = a > 0 ? a * a / (a + g) : 0;
      }
    }
    return s;
  }

  /** Applies and reads in one go. */
  public static Scores score(
      List<Interaction> events, ModelConfig config, int batchSize, int[] accounts, long atMs) {
    return read(apply(events, config, batchSize), accounts, atMs);
  }
}
