package dev.sway.collectors;

import dev.sway.checks.Validator;
import dev.sway.runtime.Errors.Violation;
import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A running collector: messages from the stream are mapped, checked with the ingest service's own
 * rules, batched and sent; after ingest acknowledges a batch, the position of its last message is
 * saved. One thread maps and sends, so while ingest is slow nothing is taken from the bounded queue
 * and the socket stops being read.
 */
public final class Collector implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Collector.class.getName());

  private final CollectorConfig config;
  private final Network network;
  private final IngestSink sink;
  private final Clock clock;
  private final CollectorMetrics metrics;
  private final CursorFile cursorFile;
  private final WebSocketSource source;
  private final BatchWindow window;
  private final Validator validator;
  private final Consumer<String> seen;
  private final Thread thread;
  private final AtomicLong mappedCursor = new AtomicLong(-1);
  private final AtomicLong savedCursor = new AtomicLong(-1);
  private final List<Interaction> pending = new ArrayList<>();
  private final Map<String, ProfileSnapshot> pendingSnapshots = new LinkedHashMap<>();
  private final Map<String, String> handles = new LinkedHashMap<>();
  private volatile boolean running = true;
  private volatile boolean killed;
  private volatile long closeDeadlineMs = Long.MAX_VALUE;
  private long batchCursor = -1;
  private long batchEventMs = -1;
  private long batchStartMs = -1;

  /**
   * @param seen told of each account worth a profile refresh (Bluesky's AppView); may ignore them
   */
  public Collector(
      CollectorConfig config,
      Network network,
      IngestSink sink,
      Clock clock,
      CollectorMetrics metrics,
      Consumer<String> seen) {
    this.config = config;
    this.network = network;
    this.sink = sink;
    this.clock = clock;
    this.metrics = metrics;
    this.seen = seen;
    this.cursorFile = new CursorFile(config.cursorFile());
    this.validator = new Validator(clock);
    long saved = cursorFile.read();
    savedCursor.set(saved);
    mappedCursor.set(saved);
    SplittableRandom random = new SplittableRandom();
    this.window =
        new BatchWindow(
            config.inFlightBatches(),
            sink,
            metrics,
            cursorFile,
            savedCursor,
            this::keepTrying,
            config.backoffInitialMs(),
            config.backoffMaxMs(),
            network.name());
    this.source =
        new WebSocketSource(
            HttpClient.newHttpClient(),
            network,
            () -> network.resumeCursor(mappedCursor.get()),
            config.queueCapacity(),
            config.maxMessageChars(),
            config.idleTimeoutMs(),
            new Backoff(config.backoffInitialMs(), config.backoffMaxMs(), random.split()),
            metrics);
    this.thread = new Thread(this::run, network.name() + "-collector");
  }

  public Collector start() {
    source.start();
    thread.start();
    return this;
  }

  /** The position last saved after an acknowledgement (-1: none). */
  public long savedCursor() {
    return savedCursor.get();
  }

  /** Messages received from the stream, whole. */
  public long received() {
    return source.received();
  }

  /** Messages that found the queue beyond its capacity (expected: none). */
  public long overCapacity() {
    return source.overCapacity();
  }

  public int queued() {
    return source.queued();
  }

  /** Whether the mapping thread is running (the liveness probe). */
  public boolean alive() {
    return thread.isAlive();
  }

  /** Handles seen in the stream, by account id (the latest {@code limit} kept). */
  public synchronized Map<String, String> handles() {
    return Map.copyOf(handles);
  }

  private void run() {
    try {
      while (running) {
        long waitMs =
            pending.isEmpty() && pendingSnapshots.isEmpty() && batchCursor < 0
                ? config.lingerMs()
                : Math.max(1, batchStartMs + config.lingerMs() - clock.millis());
        String message = source.poll(waitMs);
        if (message != null) {
          add(network.map(message, clock.millis()));
        }
        boolean full =
            pending.size() >= config.batchSize() || pendingSnapshots.size() >= config.batchSize();
        boolean due = batchStartMs >= 0 && clock.millis() - batchStartMs >= config.lingerMs();
        if (full || due) {
          flush();
        }
        window.commitDone();
      }
      if (!killed) {
        flush();
        window.drain();
      }
    } catch (InterruptedException e) {
      if (!killed) {
        flushQuietly();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "collector stopped", e);
    } finally {
      if (killed) {
        window.abandon();
      } else {
        window.close();
      }
    }
  }

  private void add(Mapped m) {
    metrics.message(m.kind());
    for (String reason : m.skipped()) {
      metrics.skipped(reason);
    }
    if (batchStartMs < 0) {
      batchStartMs = clock.millis();
    }
    for (Interaction x : m.interactions()) {
      List<Violation> v = new ArrayList<>();
      List<Interaction> checked = validator.interactions(List.of(x), "i", v);
      if (v.isEmpty()) {
        pending.add(checked.get(0));
      } else {
        metrics.skipped("invalid");
      }
    }
    for (ProfileSnapshot s : m.snapshots()) {
      List<Violation> v = new ArrayList<>();
      validator.snapshots(List.of(s), "s", v);
      if (v.isEmpty()) {
        pendingSnapshots.put(s.getAccount().getAccountId(), s);
      } else {
        metrics.skipped("invalid");
      }
    }
    if (!m.handles().isEmpty()) {
      synchronized (this) {
        handles.putAll(m.handles());
        while (handles.size() > 100_000) {
          handles.remove(handles.keySet().iterator().next());
        }
      }
    }
    m.seenAccounts().forEach(seen);
    if (m.cursor() >= 0) {
      batchCursor = Math.max(batchCursor, m.cursor());
      mappedCursor.accumulateAndGet(m.cursor(), Math::max);
    }
    batchEventMs = Math.max(batchEventMs, m.eventTimeMs());
  }

  /** Hands what is pending to the window of batches in flight (waiting while it is full). */
  private void flush() throws InterruptedException {
    if (!pending.isEmpty() || !pendingSnapshots.isEmpty() || batchCursor >= 0) {
      window.submit(
          new BatchWindow.Batch(
              List.copyOf(pending),
              List.copyOf(pendingSnapshots.values()),
              batchCursor,
              batchEventMs));
    }
    pending.clear();
    pendingSnapshots.clear();
    batchCursor = -1;
    batchEventMs = -1;
    batchStartMs = -1;
  }

  /** Retry a batch until it is taken, the collector is killed, or a close runs out of time. */
  private boolean keepTrying() {
    return !killed && (running || clock.millis() < closeDeadlineMs);
  }

  private void flushQuietly() {
    try {
      flush();
      window.drain();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops as a crash would: no final batch, no cursor written (what a {@code kill -9} leaves). What
   * was acknowledged before stays saved.
   */
  public void kill() {
    killed = true;
    running = false;
    source.close();
    thread.interrupt();
    join();
  }

  /** Stops reading, sends what was read, saves the position. */
  @Override
  public void close() {
    closeDeadlineMs = clock.millis() + config.ingestDeadlineMs();
    running = false;
    source.close();
    join();
  }

  private void join() {
    try {
      thread.join(config.ingestDeadlineMs() + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
