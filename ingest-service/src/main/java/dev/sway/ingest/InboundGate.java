package dev.sway.ingest;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a bulk-load stream for its next batch only when the reply side can take a reply: a client
 * that stops reading its acknowledgements stops being read, so replies never pile up in the
 * server's memory (gRPC's {@code onNext} queues without bound). A stream that stays stalled for
 * {@code stallMs} is cancelled with RESOURCE_EXHAUSTED, so an abandoned client does not hold its
 * connection and buffers forever. Thread-safe.
 */
final class InboundGate {
  private final ServerCallStreamObserver<?> out;
  private final ScheduledExecutorService timer;
  private final long stallMs;

  /** A batch is wanted but was not requested yet because the reply side was not ready. */
  private final AtomicBoolean pending = new AtomicBoolean();

  private volatile ScheduledFuture<?> stall;

  InboundGate(ServerCallStreamObserver<?> out, ScheduledExecutorService timer, long stallMs) {
    this.out = out;
    this.timer = timer;
    this.stallMs = stallMs;
    out.setOnReadyHandler(this::onReady);
    out.setOnCancelHandler(this::disarm);
  }

  /** Requests the next batch now if a reply can be sent, or as soon as one can. */
  void requestNext() {
    // Set before checking readiness: the ready handler then cannot miss it.
    pending.set(true);
    if (out.isReady()) {
      onReady();
    } else if (stall == null) {
      stall = timer.schedule(this::stalled, stallMs, TimeUnit.MILLISECONDS);
    }
  }

  private void onReady() {
    if (pending.compareAndSet(true, false)) {
      disarm();
      out.request(1);
    }
  }

  private void stalled() {
    if (pending.get() && !out.isReady()) {
      try {
        out.onError(
            Status.RESOURCE_EXHAUSTED
                .withDescription(
                    "the client has not read its acknowledgements for " + stallMs + " ms")
                .asRuntimeException());
      } catch (IllegalStateException alreadyClosed) {
        // The call ended meanwhile.
      }
    }
  }

  /** Stops the stall timer (the stream moved on or ended). */
  void disarm() {
    ScheduledFuture<?> s = stall;
    stall = null;
    if (s != null) {
      s.cancel(false);
    }
  }
}
