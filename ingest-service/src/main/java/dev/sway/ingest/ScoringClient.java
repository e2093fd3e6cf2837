package dev.sway.ingest;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.common.util.concurrent.SettableFuture;
import com.google.longrunning.OperationsGrpc;
import dev.sway.runtime.GrpcMetrics;
import dev.sway.v1.ApplyEventsRequest;
import dev.sway.v1.ApplyEventsResponse;
import dev.sway.v1.ScoringServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ingest service's channel to scoring. Two layers of retries: gRPC's own (service config) retry
 * a call that failed UNAVAILABLE up to 5 times within a second, and {@link #apply} retries a batch
 * with growing waits until the deadline, which rides out a scoring restart. A retry is safe because
 * scoring de-duplicates by event id.
 */
public final class ScoringClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final ScoringServiceGrpc.ScoringServiceFutureStub stub;
  private final long deadlineMs;

  public ScoringClient(
      String target, long deadlineMs, MeterRegistry registry, ChannelCredentials credentials) {
    this.channel =
        NettyChannelBuilder.forTarget(target, credentials)
            .intercept(GrpcMetrics.clientInterceptor(registry))
            .defaultServiceConfig(serviceConfig())
            .enableRetry()
            .maxInboundMessageSize(16 * 1024 * 1024)
            .keepAliveTime(30, TimeUnit.SECONDS)
            .build();
    this.stub = ScoringServiceGrpc.newFutureStub(channel);
    this.deadlineMs = deadlineMs;
  }

  static Map<String, Object> serviceConfig() {
    Map<String, Object> retryPolicy =
        Map.of(
            "maxAttempts",
            5.0,
            "initialBackoff",
            "0.05s",
            "maxBackoff",
            "2s",
            "backoffMultiplier",
            2.0,
            "retryableStatusCodes",
            List.of("UNAVAILABLE", "ABORTED"));
    Map<String, Object> methodConfig =
        Map.of(
            "name",
            List.of(Map.of("service", "sway.v1.ScoringService")),
            "retryPolicy",
            retryPolicy);
    return Map.of(
        "methodConfig", List.of(methodConfig),
        "loadBalancingConfig", List.of(Map.of("round_robin", Map.of())),
        // Bounds the memory held for replaying calls on retry.
        "retryThrottling", Map.of("maxTokens", 100.0, "tokenRatio", 0.1));
  }

  /**
   * First wait between two attempts of a batch; doubled each time, up to {@link #MAX_BACKOFF_MS}.
   */
  static final long FIRST_BACKOFF_MS = 100;

  static final long MAX_BACKOFF_MS = 2_000;

  /** Schedules the retries of batches; the tasks only start a call. */
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "scoring-retry");
            t.setDaemon(true);
            return t;
          });

  /**
   * Applies a batch, retrying while this client's deadline allows: a scoring restart takes a few
   * seconds, more than gRPC's own retries (five, within a second) cover. Each attempt waits 100 ms,
   * 200 ms, … up to 2 s after the one before, and is retried when scoring is unavailable, busy
   * (RESOURCE_EXHAUSTED) or aborted a write; a retry is safe because scoring de-duplicates by event
   * id. The future fails with the last error once the deadline is near.
   */
  public ListenableFuture<ApplyEventsResponse> apply(ApplyEventsRequest request) {
    return apply(request, -1);
  }

  /** The same within {@code budgetMs} when it is shorter than this client's deadline (≥ 0). */
  public ListenableFuture<ApplyEventsResponse> apply(ApplyEventsRequest request, long budgetMs) {
    SettableFuture<ApplyEventsResponse> result = SettableFuture.create();
    long ms = budgetMs >= 0 ? Math.min(deadlineMs, Math.max(1, budgetMs)) : deadlineMs;
    attempt(
        request,
        result,
        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms),
        FIRST_BACKOFF_MS,
        null);
    return result;
  }

  /**
   * @param previous the failure of the attempt before, reported instead of a DEADLINE_EXCEEDED that
   *     only says the retries ran out of time
   */
  private void attempt(
      ApplyEventsRequest request,
      SettableFuture<ApplyEventsResponse> result,
      long deadlineNanos,
      long backoffMs,
      Throwable previous) {
    long leftNanos = deadlineNanos - System.nanoTime();
    Futures.addCallback(
        stub.withDeadlineAfter(Math.max(1, leftNanos), TimeUnit.NANOSECONDS).applyEvents(request),
        new FutureCallback<>() {
          @Override
          public void onSuccess(ApplyEventsResponse r) {
            result.set(r);
          }

          @Override
          public void onFailure(Throwable failure) {
            Status.Code code = Status.fromThrowable(failure).getCode();
            Throwable t =
                code == Status.Code.DEADLINE_EXCEEDED && previous != null ? previous : failure;
            boolean retryable =
                code == Status.Code.UNAVAILABLE
                    || code == Status.Code.RESOURCE_EXHAUSTED
                    || code == Status.Code.ABORTED;
            long nextNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
            if (!retryable || nextNanos >= deadlineNanos || result.isCancelled()) {
              result.setException(t);
              return;
            }
            try {
              retries.schedule(
                  () ->
                      attempt(
                          request,
                          result,
                          deadlineNanos,
                          Math.min(MAX_BACKOFF_MS, backoffMs * 2),
                          t),
                  backoffMs,
                  TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
              result.setException(t);
            }
          }
        },
        MoreExecutors.directExecutor());
  }

  /**
   * The stub of scoring's {@code google.longrunning.Operations}, with this client's deadline and
   * the current caller's key.
   */
  public OperationsGrpc.OperationsFutureStub operations() {
    return OperationsGrpc.newFutureStub(channel)
        .withInterceptors(new RelayCredential())
        .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  /**
   * The stub for one administrative call, with this client's deadline and the current caller's key
   * (scoring checks it for the admin scope).
   */
  public ScoringServiceGrpc.ScoringServiceFutureStub stub() {
    return stub.withInterceptors(new RelayCredential())
        .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    retries.shutdownNow();
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
