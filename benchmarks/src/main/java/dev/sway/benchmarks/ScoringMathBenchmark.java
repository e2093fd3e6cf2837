package dev.sway.benchmarks;

import dev.sway.model.AccountState;
import dev.sway.model.BatchApplier;
import dev.sway.model.Components;
import dev.sway.model.Contribution;
import dev.sway.model.EngagementView;
import dev.sway.model.EngagerContext;
import dev.sway.model.InteractionKind;
import dev.sway.model.ModelConfig;
import dev.sway.model.ModelEvent;
import dev.sway.model.ScoringModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The scoring math alone, without gRPC or Redis: what one core can compute.
 *
 * <pre>java -jar benchmarks/target/sway-benchmarks-0.1.0-SNAPSHOT-all.jar -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScoringMathBenchmark {
  static final int BATCH = 1000;
  final ScoringModel model = new ScoringModel(ModelConfig.DEFAULT);
  final BatchApplier applier = new BatchApplier(model);
  final SplittableRandom rnd = new SplittableRandom(1);
  List<BatchApplier.Item> batch;
  AccountState state;
  long now;

  @Setup
  public void setup() {
    now = 1_780_000_000_000L;
    batch = new ArrayList<>(BATCH);
    double[] cum = new double[100_000];
    double sum = 0;
    for (int i = 0; i < cum.length; i++) {
      sum += 1.0 / (i + 1);
      cum[i] = sum;
    }
    for (int i = 0; i < BATCH; i++) {
      int t = Arrays.binarySearch(cum, rnd.nextDouble() * sum);
      t = Math.min(t < 0 ? -t - 1 : t, cum.length - 1);
      batch.add(
          BatchApplier.Item.of(
              new ModelEvent(
                  "e" + i,
                  InteractionKind.values()[rnd.nextInt(5)],
                  "x:a" + rnd.nextInt(100_000),
                  "x:t" + t,
                  List.of("ai"),
                  now + i)));
    }
    state = new AccountState();
  }

  /** One interaction through the model, with a random engagement context. */
  @Benchmark
  public Contribution applyInteraction() {
    return model.applyInteraction(
        state,
        InteractionKind.SHARE,
        now,
        List.of(),
        new EngagerContext(
            rnd.nextDouble() * 100, 1 + rnd.nextInt(100), rnd.nextDouble() * 5, rnd.nextDouble()));
  }

  /** Components and raw score of an account. */
  @Benchmark
  public double componentsAndRaw() {
    Components c = model.components(state, now);
    return model.raw(c);
  }

  /**
   * A whole batch of 1,000 events, as the scoring service applies it (per event): target and actor
   * sides, engager quality from the engager's state, day points.
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void batchOf1000(Blackhole bh) {
    bh.consume(applier.apply(EMPTY, List.of(), batch));
  }

  /** Every account new, no pair history: the cost of the model, not of a store. */
  static final EngagementView EMPTY = member -> new AccountState();
}
