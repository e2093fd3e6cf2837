package dev.sway.cli.eval;

import dev.sway.model.AccountState;
import dev.sway.model.AccountUpdate;
import dev.sway.model.BatchApplier;
import dev.sway.model.Calibration;
import dev.sway.model.EngagementView;
import dev.sway.model.ModelEvent;
import dev.sway.model.ScoringModel;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The scoring service's batch loop with maps instead of Redis: the same {@link BatchApplier}
 * arithmetic, batch grouping, engager context and periodic recalibration, for offline
 * evaluation of the model on recorded data.
 */
public final class InMemoryScorer {
  private final ScoringModel model;
  private final BatchApplier applier;
  final Map<String, AccountState> states = new HashMap<>();
  private final Map<String, Map<String, Double>> pairs = new HashMap<>();
  private final Map<String, Double> raws = new HashMap<>();
  private final Map<String, long[]> given = new HashMap<>();
  private Calibration calibration = Calibration.bootstrap();
  private long watermarkMs = Long.MIN_VALUE;
  private long sinceCalibration;
  private final long recalibrateEvery;

  public InMemoryScorer(ScoringModel model, long recalibrateEvery) {
    this.model = model;
    this.applier = new BatchApplier(model);
    this.recalibrateEvery = recalibrateEvery;
  }

  /** Applies one batch the way the scoring service does. */
  public void apply(List<ModelEvent> batch) {
    Map<String, AccountState> targets = new LinkedHashMap<>();
    for (ModelEvent e : batch) {
      targets.computeIfAbsent(e.target(), k -> states.computeIfAbsent(k, x -> new AccountState()));
      watermarkMs = Math.max(watermarkMs, e.timeMs());
    }
    Map<String, AccountUpdate> updates = applier.apply(targets, batch, view(), calibration);
    // Stored after the whole batch was computed, as the service does (reads see the batch's start).
    for (Map.Entry<String, AccountUpdate> t : updates.entrySet()) {
      AccountUpdate u = t.getValue();
      pairs.computeIfAbsent(t.getKey(), k -> new HashMap<>()).putAll(u.pairs);
      long now = Math.max(watermarkMs, u.state.lastEventMs);
      raws.put(t.getKey(), model.raw(model.components(u.state, now)));
      for (Map.Entry<String, Map<Long, double[]>> g : u.given.entrySet()) {
        AccountState actor = states.computeIfAbsent(g.getKey(), k -> new AccountState());
        for (Map.Entry<Long, double[]> d : g.getValue().entrySet()) {
          long[] counter = given.computeIfAbsent(g.getKey(), k -> new long[] {-1, 0});
          if (counter[0] == d.getKey()) {
            counter[1] += (long) d.getValue()[0];
          } else if (d.getKey() > counter[0]) {
            counter[0] = d.getKey();
            counter[1] = (long) d.getValue()[0];
          }
          actor.authored += d.getValue()[1];
        }
      }
    }
    sinceCalibration += batch.size();
    if (sinceCalibration >= recalibrateEvery) {
      recalibrate();
    }
  }

  void recalibrate() {
    sinceCalibration = 0;
    KllDoublesSketch sketch = Calibration.newSketch();
    raws.values().forEach(sketch::update);
    calibration = Calibration.of(sketch, calibration.version() + 1);
  }

  /** Raw score of every account at {@code nowMs}, 0 for accounts never seen. */
  public double rawAt(String member, long nowMs) {
    AccountState s = states.get(member);
    return s == null ? 0 : model.raw(model.components(s, nowMs));
  }

  /** Components of an account at {@code nowMs}, zero for accounts never seen. */
  public dev.sway.model.Components componentsAt(String member, long nowMs) {
    AccountState s = states.get(member);
    return s == null ? dev.sway.model.Components.ZERO : model.components(s, nowMs);
  }

  private EngagementView view() {
    return new EngagementView() {
      @Override
      public double pairScaled(String from, String to) {
        return pairs.getOrDefault(to, Map.of()).getOrDefault(from, 0.0);
      }

      @Override
      public Double engagerRaw(String engager) {
        return raws.get(engager);
      }

      @Override
      public long givenBefore(String engager, long epochDay) {
        long[] c = given.get(engager);
        return c != null && c[0] == epochDay ? c[1] : 0;
      }
    };
  }
}
