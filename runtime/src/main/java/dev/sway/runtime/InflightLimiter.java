package dev.sway.runtime;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Semaphore;

/**
 * Admits at most a fixed number of calls at once and answers the rest with RESOURCE_EXHAUSTED.
 *
 * <p>Why: the handler executor has a bounded queue; without a gate in front of it a burst of
 * calls would either grow memory or be rejected deep inside the transport. Clients retry
 * RESOURCE_EXHAUSTED with back-off, so an overload sheds load instead of falling over.
 */
public final class InflightLimiter implements ServerInterceptor {
  private final Semaphore permits;

  public InflightLimiter(int maxInflight) {
    this.permits = new Semaphore(maxInflight);
  }

  /** Calls currently admitted, for metrics. */
  public int available() {
    return permits.availablePermits();
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!permits.tryAcquire()) {
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription("server busy: too many calls in flight, retry later"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    AtomicBoolean released = new AtomicBoolean();
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        permits.release();
      }
    };
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(call, headers);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    return new SimpleForwardingServerCallListener<>(delegate) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          release.run();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          release.run();
        }
      }
    };
  }
}
