package dev.sway.cli;

import dev.sway.v1.StreamInteractionsRequest;
import dev.sway.v1.StreamInteractionsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Streams batches to {@code IngestService.StreamInteractions} with at most {@code window}
 * unacknowledged batches, and totals the acknowledgements.
 */
public final class BulkLoader {
  /** Totals of a load. */
  public static final class Totals {
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong snapshots = new AtomicLong();
    public final AtomicLong rejectedBatches = new AtomicLong();
    public final AtomicLong batches = new AtomicLong();
  }

  private BulkLoader() {}

  public static Totals load(SwayClient client, Iterator<StreamInteractionsRequest> batches, int window,
      Consumer<StreamInteractionsResponse> onAck) throws InterruptedException {
    Totals totals = new Totals();
    Semaphore permits = new Semaphore(window);
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    StreamObserver<StreamInteractionsRequest> out = client.ingestStream().streamInteractions(
        new StreamObserver<>() {
          @Override
          public void onNext(StreamInteractionsResponse r) {
            totals.batches.incrementAndGet();
            totals.accepted.addAndGet(r.getAcceptedCount());
            totals.duplicates.addAndGet(r.getDuplicateCount());
            totals.snapshots.addAndGet(r.getSnapshotCount());
            if (r.getViolationsCount() > 0) {
              totals.rejectedBatches.incrementAndGet();
            }
            onAck.accept(r);
            permits.release();
          }

          @Override
          public void onError(Throwable t) {
            failure.set(t);
            permits.release(window);
            done.countDown();
          }

          @Override
          public void onCompleted() {
            done.countDown();
          }
        });
    while (batches.hasNext() && failure.get() == null) {
      StreamInteractionsRequest b = batches.next();
      permits.acquire();
      if (failure.get() != null) {
        break;
      }
      out.onNext(b);
    }
    if (failure.get() == null) {
      out.onCompleted();
    }
    if (!done.await(10, TimeUnit.MINUTES)) {
      throw Status.DEADLINE_EXCEEDED.withDescription("bulk load did not finish").asRuntimeException();
    }
    if (failure.get() != null) {
      throw Status.fromThrowable(failure.get()).asRuntimeException();
    }
    return totals;
  }
}
