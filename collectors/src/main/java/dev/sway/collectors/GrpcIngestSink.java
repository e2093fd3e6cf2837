package dev.sway.collectors;

import dev.sway.v1.IngestServiceGrpc;
import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.RecordInteractionsResponse;
import dev.sway.v1.RecordProfileSnapshotsRequest;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The ingest service over gRPC with an API key of scope {@code ingest:write}. */
public final class GrpcIngestSink implements IngestSink {
  private final ManagedChannel channel;
  private final IngestServiceGrpc.IngestServiceBlockingStub stub;
  private final long deadlineMs;

  /**
   * A channel to {@code target} (host:port or a gRPC name), sending {@code authorization: Bearer
   * apiKey} on every call unless the key is null or empty, each call with a deadline of {@code
   * deadlineMs}. {@link #close} shuts the channel down.
   */
  public GrpcIngestSink(
      String target, ChannelCredentials credentials, String apiKey, long deadlineMs) {
    Metadata headers = new Metadata();
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    }
    this.channel =
        NettyChannelBuilder.forTarget(target, credentials)
            .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
            .build();
    this.stub = IngestServiceGrpc.newBlockingStub(channel);
    this.deadlineMs = deadlineMs;
  }

  @Override
  public Ack recordInteractions(List<Interaction> interactions) {
    RecordInteractionsResponse r =
        stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
            .recordInteractions(
                RecordInteractionsRequest.newBuilder().addAllInteractions(interactions).build());
    return new Ack(r.getAcceptedCount(), r.getDuplicateCount(), r.getSuppressedCount());
  }

  @Override
  public int recordSnapshots(List<ProfileSnapshot> snapshots) {
    return stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
        .recordProfileSnapshots(
            RecordProfileSnapshotsRequest.newBuilder().addAllSnapshots(snapshots).build())
        .getAcceptedCount();
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
