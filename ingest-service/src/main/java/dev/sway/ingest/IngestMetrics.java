package dev.sway.ingest;

import dev.sway.v1.ApplyEventsResponse;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Business metrics of the ingest service. */
public final class IngestMetrics {
  private final MeterRegistry registry;
  private final Counter accepted;
  private final Counter duplicates;
  private final Counter snapshots;
  private final Counter rejected;
  private final Timer toScore;

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
        Timer.builder("sway.ingest.to.score")
            .description("Time from receiving a batch until scoring has stored it")
            .publishPercentileHistogram()
            .register(registry);
  }

  void stored(ApplyEventsResponse r, long receivedNanos) {
    toScore.record(System.nanoTime() - receivedNanos, TimeUnit.NANOSECONDS);
    accepted.increment(r.getAcceptedCount());
    duplicates.increment(r.getDuplicateCount());
    snapshots.increment(r.getSnapshotCount());
  }

  void rejected(int items) {
    rejected.increment(items);
  }

  /** Rejected interactions by type (an invalid network is not a safe label, so none here). */
  void rejectedByType(List<Interaction> items) {
    for (Interaction i : items) {
      String type =
          i.getType() == InteractionType.UNRECOGNIZED
              ? "unknown"
              : i.getType().name().replace("INTERACTION_TYPE_", "").toLowerCase(Locale.ROOT);
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
