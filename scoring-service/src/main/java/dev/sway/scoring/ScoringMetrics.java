package dev.sway.scoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;

/** Business metrics of the scoring service. */
public final class ScoringMetrics {
  private final Counter accepted;
  private final Counter duplicates;
  private final Counter snapshots;
  private final Counter casRetries;
  private final Counter scoresComputed;
  private final DistributionSummary scores;
  private final MeterRegistry registry;

  public ScoringMetrics(MeterRegistry registry) {
    this.registry = registry;
    accepted = Counter.builder("sway.scoring.events.accepted")
        .description("Interactions applied for the first time").register(registry);
    duplicates = Counter.builder("sway.scoring.events.duplicate")
        .description("Interactions whose event id was already applied").register(registry);
    snapshots = Counter.builder("sway.scoring.snapshots")
        .description("Profile snapshots applied").register(registry);
    casRetries = Counter.builder("sway.scoring.cas.retries")
        .description("Account writes retried after a concurrent change").register(registry);
    scoresComputed = Counter.builder("sway.scoring.scores.computed")
        .description("Account scores recomputed and stored").register(registry);
    scores = DistributionSummary.builder("sway.scoring.score")
        .description("Published 1-100 scores as they are computed")
        .serviceLevelObjectives(10, 20, 30, 40, 50, 60, 70, 80, 90, 100)
        .register(registry);
  }

  void applied(int acceptedCount, int duplicateCount, int snapshotCount,
      Collection<BatchScorer.TargetWrite> written, long nowMs) {
    accepted.increment(acceptedCount);
    duplicates.increment(duplicateCount);
    snapshots.increment(snapshotCount);
    scoresComputed.increment(written.size());
    for (BatchScorer.TargetWrite w : written) {
      scores.record(w.score);
    }
  }

  /** Time spent in one phase of applying a batch: read, compute, write or after. */
  void phase(String name, long nanos) {
    io.micrometer.core.instrument.Timer.builder("sway.scoring.batch.phase")
        .description("Time per phase of applying a batch")
        .tag("phase", name)
        .register(registry)
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void redisError() {
    Counter.builder("sway.redis.errors").description("Redis operations that failed or timed out")
        .register(registry).increment();
  }

  void casRetries(int n) {
    casRetries.increment(n);
  }
}
