package dev.sway.runtime;

import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.ServerCall;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call's listener that gives back what the call held (a permit, a share) exactly once, when the
 * call ends either way: completed or cancelled. Shared by the interceptors that admit calls.
 */
class ReleasingListener<Q> extends SimpleForwardingServerCallListener<Q> {
  private final Runnable release;
  private final AtomicBoolean released = new AtomicBoolean();

  ReleasingListener(ServerCall.Listener<Q> delegate, Runnable release) {
    super(delegate);
    this.release = release;
  }

  /** Gives back what the call held, once. */
  final void release() {
    if (released.compareAndSet(false, true)) {
      release.run();
    }
  }

  @Override
  public void onComplete() {
    try {
      super.onComplete();
    } finally {
      release();
    }
  }

  @Override
  public void onCancel() {
    try {
      super.onCancel();
    } finally {
      release();
    }
  }
}
