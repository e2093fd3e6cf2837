package dev.sway.ingest;

import dev.sway.v1.ApplyEventsResponse;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Business metrics of the ingest service. */
public final class IngestMetrics {
  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter duplicates;
  private final Counter snapshots;
  private final Counter rejected;
  private final io.micrometer.core.instrument.Timer toScore;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    accepted =
        Counter.builder("sway.ingest.events")
            .tag("outcome", "accepted")
            .description("Interactions acknowledged, by outcome")
            .register(registry);
    duplicates =
        Counter.builder("sway.ingest.events")
            .tag("outcome", "duplicate")
            .description("Interactions acknowledged, by outcome")
            .register(registry);
    rejected =
        Counter.builder("sway.ingest.events")
            .tag("outcome", "rejected")
            .description("Interactions acknowledged, by outcome")
            .register(registry);
    snapshots =
        Counter.builder("sway.ingest.snapshots")
            .description("Profile snapshots stored")
            .register(registry);
    toScore =
        io.micrometer.core.instrument.Timer.builder("sway.ingest.to.score")
            .description("Time from receiving a batch until scoring has stored it")
            .publishPercentileHistogram()
            .register(registry);
  }

  void stored(ApplyEventsResponse r, long receivedNanos) {
    toScore.record(System.nanoTime() - receivedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    accepted.increment(r.getAcceptedCount());
    duplicates.increment(r.getDuplicateCount());
    snapshots.increment(r.getSnapshotCount());
  }

  void rejected(int items) {
    rejected.increment(items);
  }

  /** Rejected interactions by type (an invalid network is not a safe label, so none here). */
  void rejectedByType(java.util.List<dev.sway.v1.Interaction> items) {
    for (dev.sway.v1.Interaction i : items) {
      String type =
          i.getType() == dev.sway.v1.InteractionType.UNRECOGNIZED
              ? "unknown"
              : i.getType()
                  .name()
                  .replace("INTERACTION_TYPE_", "")
                  .toLowerCase(java.util.Locale.ROOT);
      Counter.builder("sway.ingest.rejected.by.type")
          .description("Interactions in rejected batches, by type")
          .tag("type", type)
          .register(registry)
          .increment();
    }
  }

  void failed(Status.Code code) {
    Counter.builder("sway.ingest.forward.failures")
        .description("Batches scoring did not store, by status")
        .tag("code", code.name())
        .register(registry)
        .increment();
  }
}
