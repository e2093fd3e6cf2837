package dev.sway.collectors;

import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Batches on their way to ingest: at most {@code max} at once (one call's latency no longer bounds
 * the rate), positions saved strictly in order. A batch's position is saved only once it and every
 * batch before it are stored, so a kill leaves a position with nothing unsent before it. When
 * {@code max} are in flight, {@link #submit} waits: that is how a slow ingest stops the mapping
 * thread, and behind it the socket.
 */
final class BatchWindow {
  private static final Logger LOG = Logger.getLogger(BatchWindow.class.getName());

  /** One batch and the stream position and latest event time of its last message. */
  record Batch(
      List<Interaction> interactions, List<ProfileSnapshot> snapshots, long cursor, long eventMs) {}

  private record InFlight(Future<Boolean> stored, Batch batch) {}

  private final int max;
  private final IngestSink sink;
  private final CollectorMetrics metrics;
  private final CursorFile cursorFile;
  private final AtomicLong savedCursor;
  private final BooleanSupplier keepTrying;
  private final long backoffInitialMs;
  private final long backoffMaxMs;
  private final ExecutorService senders;
  private final ArrayDeque<InFlight> window = new ArrayDeque<>();
  private boolean gap;

  BatchWindow(
      int max,
      IngestSink sink,
      CollectorMetrics metrics,
      CursorFile cursorFile,
      AtomicLong savedCursor,
      BooleanSupplier keepTrying,
      long backoffInitialMs,
      long backoffMaxMs,
      String name) {
    this.max = max;
    this.sink = sink;
    this.metrics = metrics;
    this.cursorFile = cursorFile;
    this.savedCursor = savedCursor;
    this.keepTrying = keepTrying;
    this.backoffInitialMs = backoffInitialMs;
    this.backoffMaxMs = backoffMaxMs;
    this.senders =
        Executors.newFixedThreadPool(
            max,
            r -> {
              Thread t = new Thread(r, name + "-send");
              t.setDaemon(true);
              return t;
            });
  }

  /** Sends {@code b} beside the batches in flight, waiting while {@code max} are. */
  void submit(Batch b) throws InterruptedException {
    while (window.size() >= max) {
      awaitHead();
    }
    window.add(new InFlight(senders.submit(() -> send(b)), b));
    commitDone();
  }

  /** Saves the positions of the batches stored so far, in order; does not wait. */
  void commitDone() throws InterruptedException {
    while (!window.isEmpty() && window.peek().stored().isDone()) {
      awaitHead();
    }
  }

  /** Waits for every batch in flight and saves the last position. */
  void drain() throws InterruptedException {
    while (!window.isEmpty()) {
      awaitHead();
    }
  }

  /** Stops the senders without waiting (a kill: nothing more is saved). */
  void abandon() {
    senders.shutdownNow();
  }

  void close() {
    senders.shutdown();
  }

  private boolean send(Batch b) throws InterruptedException {
    // A Sender per batch: its backoff belongs to this batch's retries.
    Sender s =
        new Sender(
            sink,
            metrics,
            new Backoff(backoffInitialMs, backoffMaxMs, new java.util.SplittableRandom()));
    if (!b.snapshots().isEmpty() && !s.snapshots(b.snapshots(), keepTrying)) {
      return false;
    }
    if (!b.interactions().isEmpty()) {
      if (s.interactions(b.interactions(), keepTrying) == null) {
        return false;
      }
      for (Interaction x : b.interactions()) {
        metrics.interactions(
            x.getType().name().substring("INTERACTION_TYPE_".length()).toLowerCase(Locale.ROOT), 1);
      }
    }
    return true;
  }

  private void awaitHead() throws InterruptedException {
    InFlight head = window.poll();
    boolean stored;
    try {
      stored = head.stored().get();
    } catch (ExecutionException e) {
      LOG.log(Level.SEVERE, "a batch failed", e.getCause());
      stored = false;
    }
    if (!stored) {
      // Unsent (stopping): no later position may be saved, or a restart would skip this batch.
      gap = true;
      return;
    }
    if (gap) {
      return;
    }
    Batch b = head.batch();
    if (b.eventMs() >= 0) {
      metrics.eventTime(b.eventMs());
    }
    if (b.cursor() > savedCursor.get()) {
      try {
        cursorFile.write(b.cursor());
        savedCursor.set(b.cursor());
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot save the cursor: {0}", e.getMessage());
      }
    }
  }
}
