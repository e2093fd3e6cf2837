package dev.sway.ingest;

import dev.sway.v1.ApplyEventsRequest;
import dev.sway.v1.ApplyEventsResponse;
import dev.sway.v1.ScoringServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The ingest service's channel to scoring. Retries are declared in the service config rather
 * than coded: gRPC retries a call that failed UNAVAILABLE (scoring restarting, Redis briefly
 * gone) up to 5 times with exponential back-off, and only while the deadline allows. A retry is
 * safe because scoring de-duplicates by event id.
 */
public final class ScoringClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final ScoringServiceGrpc.ScoringServiceFutureStub stub;
  private final long deadlineMs;

  public ScoringClient(String target, long deadlineMs, io.micrometer.core.instrument.MeterRegistry registry,
      io.grpc.ChannelCredentials credentials) {
    this.channel = NettyChannelBuilder.forTarget(target, credentials)
        .intercept(dev.sway.runtime.GrpcMetrics.clientInterceptor(registry))
        .defaultServiceConfig(serviceConfig())
        .enableRetry()
        .maxInboundMessageSize(16 * 1024 * 1024)
        .keepAliveTime(30, TimeUnit.SECONDS)
        .build();
    this.stub = ScoringServiceGrpc.newFutureStub(channel);
    this.deadlineMs = deadlineMs;
  }

  static Map<String, Object> serviceConfig() {
    Map<String, Object> retryPolicy = Map.of(
        "maxAttempts", 5.0,
        "initialBackoff", "0.05s",
        "maxBackoff", "2s",
        "backoffMultiplier", 2.0,
        "retryableStatusCodes", List.of("UNAVAILABLE", "ABORTED"));
    Map<String, Object> methodConfig = Map.of(
        "name", List.of(Map.of("service", "sway.v1.ScoringService")),
        "retryPolicy", retryPolicy);
    return Map.of(
        "methodConfig", List.of(methodConfig),
        "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
        // Bounds the memory held for replaying calls on retry.
        "retryThrottling", Map.of("maxTokens", 100.0, "tokenRatio", 0.1));
  }

  /** Applies a batch with this client's deadline. */
  public com.google.common.util.concurrent.ListenableFuture<ApplyEventsResponse> apply(
      ApplyEventsRequest request) {
    return stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS).applyEvents(request);
  }

  /** The stub for one call, with this client's deadline. */
  public ScoringServiceGrpc.ScoringServiceFutureStub stub() {
    return stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdown();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
      channel.shutdownNow();
    }
  }
}
