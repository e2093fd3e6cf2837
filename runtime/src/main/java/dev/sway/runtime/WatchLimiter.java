package dev.sway.runtime;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.Semaphore;

/**
 * Bounds the open {@code grpc.health.v1.Health/Watch} streams. Health is unauthenticated (probes
 * need it), and a Watch stream lives until the client leaves, so without a bound anyone could hold
 * thousands of them (and their memory). {@code Check}, what probes use, is not limited.
 */
final class WatchLimiter implements ServerInterceptor {
  static final String WATCH = "grpc.health.v1.Health/Watch";
  private final Semaphore streams;

  WatchLimiter(int maxStreams) {
    this.streams = new Semaphore(maxStreams);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!WATCH.equals(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    if (!streams.tryAcquire()) {
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription("too many health Watch streams; use Check"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(call, headers);
    } catch (RuntimeException e) {
      streams.release();
      throw e;
    }
    return new ReleasingListener<>(delegate, streams::release);
  }
}
