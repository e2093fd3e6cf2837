package dev.sway.collectors;

import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import java.util.List;

/**
 * Where a collector writes: the ingest service's public API. A call returns once ingest has stored
 * the batch, or throws {@link io.grpc.StatusRuntimeException}.
 */
public interface IngestSink extends AutoCloseable {
  /** What ingest said of a batch of interactions. */
  record Ack(int accepted, int duplicate, int suppressed) {}

  Ack recordInteractions(List<Interaction> interactions);

  /** Returns the snapshots stored. */
  int recordSnapshots(List<ProfileSnapshot> snapshots);

  @Override
  default void close() {}
}
