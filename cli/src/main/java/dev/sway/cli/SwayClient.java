package dev.sway.cli;

import com.google.longrunning.OperationsGrpc;
import dev.sway.v1.IngestServiceGrpc;
import dev.sway.v1.QueryServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/** Channels to the public services, with a deadline on every call. */
public final class SwayClient implements AutoCloseable {
  private final ManagedChannel ingest;
  private final ManagedChannel query;
  private final long deadlineMs;

  public SwayClient(String ingestTarget, String queryTarget, long deadlineMs) {
    this(ingestTarget, queryTarget, deadlineMs, null);
  }

  /** With an API key, sent as {@code authorization: Bearer <key>} on every call. */
  public SwayClient(String ingestTarget, String queryTarget, long deadlineMs, String apiKey) {
    this(ingestTarget, queryTarget, deadlineMs, apiKey, InsecureChannelCredentials.create());
  }

  /** With an API key and channel credentials (TLS when the services use it). */
  public SwayClient(
      String ingestTarget,
      String queryTarget,
      long deadlineMs,
      String apiKey,
      ChannelCredentials credentials) {
    // Callbacks of this client are short (record a result, release a permit), so they run on
    // the transport thread rather than being handed to an executor.
    this.ingest =
        ingestTarget == null
            ? null
            : NettyChannelBuilder.forTarget(ingestTarget, credentials)
                .directExecutor()
                .intercept(bearer(apiKey), CallSite.interceptor("ingest", ingestTarget))
                .maxInboundMessageSize(32 * 1024 * 1024)
                .build();
    this.query =
        queryTarget == null
            ? null
            : NettyChannelBuilder.forTarget(queryTarget, credentials)
                .directExecutor()
                .intercept(bearer(apiKey), CallSite.interceptor("query", queryTarget))
                .maxInboundMessageSize(32 * 1024 * 1024)
                .build();
    this.deadlineMs = deadlineMs;
  }

  private static ClientInterceptor bearer(String apiKey) {
    Metadata headers = new Metadata();
    if (apiKey != null && !apiKey.isEmpty()) {
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    }
    return MetadataUtils.newAttachHeadersInterceptor(headers);
  }

  public IngestServiceGrpc.IngestServiceBlockingStub ingest() {
    return IngestServiceGrpc.newBlockingStub(ingest)
        .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  /** Async stub without a deadline, for long bulk-load streams (they end when the file does). */
  public IngestServiceGrpc.IngestServiceStub ingestStream() {
    return IngestServiceGrpc.newStub(ingest);
  }

  /** The ingest service's {@code google.longrunning.Operations} (erasures). */
  public OperationsGrpc.OperationsBlockingStub operations() {
    return OperationsGrpc.newBlockingStub(ingest)
        .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  public QueryServiceGrpc.QueryServiceBlockingStub query() {
    return QueryServiceGrpc.newBlockingStub(query)
        .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  /** Async stub without a deadline, for WatchScores streams (they last until cancelled). */
  public QueryServiceGrpc.QueryServiceStub queryStream() {
    return QueryServiceGrpc.newStub(query);
  }

  public QueryServiceGrpc.QueryServiceFutureStub queryAsync() {
    return QueryServiceGrpc.newFutureStub(query)
        .withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  /** Closes the channels, waiting up to 5 s each for calls to finish; keeps an interrupt. */
  @Override
  public void close() {
    for (ManagedChannel c : new ManagedChannel[] {ingest, query}) {
      if (c != null) {
        c.shutdown();
        try {
          if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
            c.shutdownNow();
          }
        } catch (InterruptedException e) {
          c.shutdownNow();
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
