package dev.sway.cli;

import dev.sway.v1.StreamInteractionsRequest;
import dev.sway.v1.StreamInteractionsResponse;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Streams batches to {@code IngestService.StreamInteractions} with at most {@code window}
 * unacknowledged batches, and totals the acknowledgements. When the stream fails with a status
 * worth retrying (the service restarting, busy, or cancelling an idle stream), it opens a new one
 * and resends from the first unacknowledged batch — safe, since event ids make a resent event a
 * duplicate — waiting 0.5 s, 1 s, … up to 8 s between attempts, and gives up after {@link
 * #MAX_FAILURES} failures in a row without an acknowledgement between them.
 */
public final class BulkLoader {
  /** Consecutive failed streams (no acknowledgement in between) before giving up. */
  static final int MAX_FAILURES = 6;

  static final Set<Status.Code> RETRYABLE =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED,
          Status.Code.CANCELLED);

  /** Totals of a load. */
  public static final class Totals {
    public final AtomicLong accepted = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong snapshots = new AtomicLong();

    /**
     * Items acknowledged but dropped: they name an erased account, or an unregistered one in opt-in
     * mode.
     */
    public final AtomicLong suppressed = new AtomicLong();

    public final AtomicLong rejectedBatches = new AtomicLong();
    public final AtomicLong batches = new AtomicLong();

    /** Streams opened again after a failure. */
    public final AtomicLong resumes = new AtomicLong();
  }

  /** A load that failed for good, with what was acknowledged before. */
  public static final class Failed extends StatusRuntimeException {
    private static final long serialVersionUID = 1L;
    public final transient Totals totals;

    Failed(Status status, Metadata trailers, Totals totals) {
      super(status, trailers);
      this.totals = totals;
    }
  }

  private BulkLoader() {}

  /** Whether a failure is a connection refused or a host that does not resolve. */
  static boolean refused(Throwable t) {
    return ErrorHandler.find(t, java.net.ConnectException.class) != null
        || ErrorHandler.find(t, java.net.UnknownHostException.class) != null;
  }

  public static Totals load(
      SwayClient client,
      Iterator<StreamInteractionsRequest> batches,
      int window,
      Consumer<StreamInteractionsResponse> onAck)
      throws InterruptedException {
    Totals totals = new Totals();
    // Sent and not acknowledged yet, oldest first (acknowledgements come back in order).
    Deque<StreamInteractionsRequest> unacked = new ArrayDeque<>();
    int failures = 0;
    long backoffMs = 500;
    while (true) {
      Stream s = new Stream(client, window, totals, unacked, onAck);
      List<StreamInteractionsRequest> resend;
      synchronized (unacked) {
        resend = new ArrayList<>(unacked);
      }
      long ackedBefore = totals.batches.get();
      for (StreamInteractionsRequest b : resend) {
        if (!s.send(b)) {
          break;
        }
      }
      while (s.failure.get() == null && batches.hasNext()) {
        StreamInteractionsRequest b = batches.next();
        synchronized (unacked) {
          unacked.addLast(b);
        }
        if (!s.send(b)) {
          break;
        }
      }
      s.finish();
      Throwable failure = s.await();
      if (failure == null) {
        return totals;
      }
      Status status = Status.fromThrowable(failure);
      failures = totals.batches.get() > ackedBefore ? 1 : failures + 1;
      // A service that refuses the very first connection is not one restarting mid-load: say so
      // at once rather than after the retries.
      boolean neverReached = totals.batches.get() == 0 && refused(failure);
      if (!RETRYABLE.contains(status.getCode()) || failures >= MAX_FAILURES || neverReached) {
        throw new Failed(status, Status.trailersFromThrowable(failure), totals);
      }
      backoffMs = failures == 1 ? 500 : Math.min(8_000, backoffMs * 2);
      Thread.sleep(backoffMs);
      totals.resumes.incrementAndGet();
    }
  }

  /** One StreamInteractions call. */
  private static final class Stream {
    final Semaphore permits;
    final CountDownLatch done = new CountDownLatch(1);
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final StreamObserver<StreamInteractionsRequest> out;

    Stream(
        SwayClient client,
        int window,
        Totals totals,
        Deque<StreamInteractionsRequest> unacked,
        Consumer<StreamInteractionsResponse> onAck) {
      this.permits = new Semaphore(window);
      this.out =
          client
              .ingestStream()
              .streamInteractions(
                  new StreamObserver<>() {
                    @Override
                    public void onNext(StreamInteractionsResponse r) {
                      synchronized (unacked) {
                        unacked.pollFirst();
                      }
                      totals.batches.incrementAndGet();
                      totals.accepted.addAndGet(r.getAcceptedCount());
                      totals.duplicates.addAndGet(r.getDuplicateCount());
                      totals.snapshots.addAndGet(r.getSnapshotCount());
                      totals.suppressed.addAndGet(r.getSuppressedCount());
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
    }

    /** Sends a batch once the window allows; false when the stream has failed. */
    boolean send(StreamInteractionsRequest b) throws InterruptedException {
      permits.acquire();
      if (failure.get() != null) {
        return false;
      }
      out.onNext(b);
      return true;
    }

    void finish() {
      if (failure.get() == null) {
        out.onCompleted();
      }
    }

    /** Waits for the end of the stream; its failure, or null when it completed. */
    Throwable await() throws InterruptedException {
      if (!done.await(10, TimeUnit.MINUTES)) {
        return Status.DEADLINE_EXCEEDED
            .withDescription("bulk load did not finish")
            .asRuntimeException();
      }
      return failure.get();
    }
  }
}
