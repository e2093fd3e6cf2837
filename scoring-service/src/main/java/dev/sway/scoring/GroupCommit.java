package dev.sway.scoring;

import dev.sway.common.Failure;
import dev.sway.model.ModelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies the requests of all callers on one thread, as few batches as possible: whatever queued
 * while a batch was being stored goes into the next one (a group commit). Why:
 *
 * <ul>
 *   <li>an account several concurrent requests touch (a popular target, an active engager) is read
 *       and written once per batch, not once per request;
 *   <li>requests of one process never race each other for an account, so no write of theirs is
 *       refused by the version check and retried, and the order of application is the order of
 *       arrival;
 *   <li>the gRPC handler threads never wait for Redis: they queue the request and answer when its
 *       batch is stored.
 * </ul>
 *
 * The queue is bounded ({@code queueRequests}); a caller that finds it full is refused at once and
 * may retry. A batch takes at most {@code maxBatchEvents} events (more only when one request is
 * larger). Thread-safe.
 */
final class GroupCommit implements AutoCloseable {
  private static final Logger log = Logger.getLogger(GroupCommit.class.getName());

  private record Request(BatchScorer.Part part, CompletableFuture<ApplyResult> done) {}

  private final BatchScorer scorer;
  private final BlockingQueue<Request> queue;
  private final int maxBatchEvents;
  private final Thread thread;
  private volatile boolean closed;

  GroupCommit(BatchScorer scorer, int queueRequests, int maxBatchEvents) {
    this.scorer = scorer;
    this.queue = new ArrayBlockingQueue<>(queueRequests);
    this.maxBatchEvents = maxBatchEvents;
    this.thread = new Thread(this::run, "scoring-apply");
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues one request; the future completes when its batch is stored (or failed). */
  CompletableFuture<ApplyResult> submit(List<SnapshotEvent> snapshots, List<ModelEvent> events) {
    CompletableFuture<ApplyResult> done = new CompletableFuture<>();
    boolean queued;
    // Under the lock close() takes: a request is either queued before the apply thread is told
    // to stop (and applied or failed by it) or refused here, never left behind.
    synchronized (this) {
      queued = !closed && queue.offer(new Request(new BatchScorer.Part(snapshots, events), done));
    }
    if (!queued) {
      done.completeExceptionally(
          new RejectedExecutionException(
              closed
                  ? "scoring is shutting down"
                  : "scoring queue full (" + queue.size() + " requests)"));
    }
    return done;
  }

  private void run() {
    List<Request> batch = new ArrayList<>();
    while (!closed || !queue.isEmpty()) {
      try {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        int events = first.part().events().size() + first.part().snapshots().size();
        Request next;
        while (events < maxBatchEvents
            && (next = queue.peek()) != null
            && events + next.part().events().size() + next.part().snapshots().size()
                <= maxBatchEvents) {
          batch.add(queue.poll());
          events += next.part().events().size() + next.part().snapshots().size();
        }
        apply(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } finally {
        batch.clear();
      }
    }
    failQueued();
  }

  /** Fails whatever is still queued (the apply thread stopped before reaching it). */
  private void failQueued() {
    Request r;
    while ((r = queue.poll()) != null) {
      r.done().completeExceptionally(new RejectedExecutionException("scoring is shutting down"));
    }
  }

  private void apply(List<Request> batch) {
    try {
      List<ApplyResult> results = scorer.applyAll(batch.stream().map(Request::part).toList());
      for (int i = 0; i < batch.size(); i++) {
        batch.get(i).done().complete(results.get(i));
      }
    } catch (Throwable e) {
      if (!(e instanceof Failure.StoreUnavailable)) {
        log.log(Level.WARNING, "a batch of " + batch.size() + " requests failed", e);
      }
      // Every caller gets an answer and the thread goes on: a dead apply thread would leave
      // every later request waiting forever.
      batch.forEach(r -> r.done().completeExceptionally(e));
    }
  }

  /**
   * Stops taking requests and finishes the queued ones, waiting up to 10 s; whatever is still
   * queued then is failed (the caller may retry: nothing of it was acknowledged).
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
  }
}
