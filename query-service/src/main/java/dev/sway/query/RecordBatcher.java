package dev.sway.query;

import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.RedisCommand;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads string values (account records) for many concurrent calls in few Redis commands: the keys
 * of every read waiting when a batch leaves go out as one {@code MGET} per hash slot (one {@code
 * MGET} on a single Redis), sent together.
 *
 * <p>Why: a {@code GET} per call costs Redis a command parse, a reply and a {@code write()} each,
 * several times the work of one key in an {@code MGET}; and a command sent from a handler's thread
 * is a task and a wake-up of the connection's I/O thread each. Batching is self-clocking ("smart
 * batching"): an idle batcher sends a read at once (no added latency at low load), and while {@link
 * #maxBatchesInFlight} batches are out, new reads wait and leave together with the next one, sent
 * from the I/O thread that received the reply. Under load, batches grow with the load.
 *
 * <p>Auto-flush is left on. On one Redis a batch is one {@code MGET} (or a few, handed to Lettuce
 * as one collection: one write). On a cluster each slot's {@code MGET} is dispatched on its own,
 * routed to its node without blocking. Turning auto-flush off would leave commands that a cluster
 * redirects ({@code MOVED}, {@code ASK}, a node connection still opening after a failover) unsent
 * until some later flush.
 *
 * <p>Bounds: at most {@code maxQueuedKeys} keys wait (beyond it {@link #submit} refuses, and the
 * caller answers RESOURCE_EXHAUSTED); at most {@code maxBatchesInFlight} batches are out, each
 * split into commands of at most {@link #MAX_KEYS_PER_COMMAND} keys. Every command carries the
 * connection's command timeout, so a batch always ends, in values or in an error for each read.
 * Reads whose caller has gone ({@link Read#abandoned}: cancelled, or past its deadline) are dropped
 * when their batch leaves.
 */
final class RecordBatcher implements AutoCloseable {
  /** Keys in one {@code MGET} at most, so that one reply does not hold Redis for long. */
  static final int MAX_KEYS_PER_COMMAND = 500;

  static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /**
   * One caller's keys and the values read for them. A subclass completes the caller in {@link
   * #done}, which runs once, on the I/O thread that received the last of its replies: it must not
   * block.
   */
  abstract static class Read {
    static final VarHandle LEFT;

    static {
      try {
        LEFT = MethodHandles.lookup().findVarHandle(Read.class, "commandsLeft", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    /** The Redis keys, in the caller's order. */
    final String[] keys;

    /** The value of each key (null when it does not exist), filled in by the replies. */
    final byte[][] values;

    /** Commands of the batch that carry keys of this read and have not answered. */
    @SuppressWarnings("unused") // through LEFT
    private volatile int commandsLeft;

    private volatile Throwable error;

    Read(String... keys) {
      this.keys = keys;
      this.values = new byte[keys.length][];
    }

    /** Whether the caller no longer waits for the values (its keys are then not read). */
    boolean abandoned() {
      return false;
    }

    /** Every value read (null error), or the first error of a command carrying its keys. */
    abstract void done(Throwable error);

    void answered(Throwable e) {
      if (e != null && error == null) {
        error = e;
      }
      if ((int) LEFT.getAndAdd(this, -1) == 1) {
        done(error);
      }
    }
  }

  private final StatefulConnection<String, byte[]> connection;
  private final boolean cluster;
  private final int maxQueuedKeys;
  private final int maxBatchesInFlight;

  // Guarded by this.
  private List<Read> queued = new ArrayList<>();
  private int queuedKeys;
  private int batchesInFlight;
  private boolean closed;

  /**
   * @param connection a connection of the batcher's own (its pipeline then carries only batches)
   * @param cluster whether keys must be grouped by hash slot
   */
  RecordBatcher(
      StatefulConnection<String, byte[]> connection,
      boolean cluster,
      int maxQueuedKeys,
      int maxBatchesInFlight) {
    this.connection = connection;
    this.cluster = cluster;
    this.maxQueuedKeys = maxQueuedKeys;
    this.maxBatchesInFlight = maxBatchesInFlight;
  }

  /**
   * Queues a read, or sends it at once when fewer than the maximum of batches are out. Returns
   * false, without calling {@link Read#done}, when the queue is full (or the batcher closed).
   */
  boolean submit(Read read) {
    if (read.keys.length == 0) {
      read.done(null);
      return true;
    }
    List<Read> batch;
    synchronized (this) {
      if (closed || queuedKeys + read.keys.length > Math.max(maxQueuedKeys, read.keys.length)) {
        return false;
      }
      queued.add(read);
      queuedKeys += read.keys.length;
      batch = takeIfFree();
    }
    if (batch != null) {
      send(batch);
    }
    return true;
  }

  /** The queued reads as a batch when one more may go out; null otherwise. Holds the lock. */
  private List<Read> takeIfFree() {
    if (queued.isEmpty() || batchesInFlight >= maxBatchesInFlight) {
      return null;
    }
    batchesInFlight++;
    List<Read> batch = queued;
    queued = new ArrayList<>(Math.min(batch.size(), 1024));
    queuedKeys = 0;
    return batch;
  }

  /** One batch out: its commands, and the replies still due for the batch as a whole. */
  private void send(List<Read> batch) {
    List<Mget> commands = cluster ? bySlot(batch) : inOrder(batch);
    if (commands.isEmpty()) {
      batchDone();
      return;
    }
    AtomicInteger left = new AtomicInteger(commands.size());
    List<RedisCommand<String, byte[], ?>> out = new ArrayList<>(commands.size());
    for (Mget m : commands) {
      AsyncCommand<String, byte[], Void> c = m.command();
      c.whenComplete(
          (x, e) -> {
            if (left.decrementAndGet() == 0) {
              // The next batch leaves before this one's callers are answered: Redis works on it
              // while they are.
              batchDone();
            }
            m.answer(e);
          });
      out.add(c);
    }
    try {
      if (cluster) {
        // One by one: Lettuce's cluster writer routes a single command without blocking, but waits
        // for a node's connection when given a collection, which would stall the I/O thread that
        // sends the next batch.
        for (RedisCommand<String, byte[], ?> c : out) {
          connection.dispatch(c);
        }
      } else {
        connection.dispatch(out);
      }
    } catch (RuntimeException e) {
      for (RedisCommand<String, byte[], ?> c : out) {
        c.completeExceptionally(e);
      }
    }
  }

  private void batchDone() {
    List<Read> next;
    synchronized (this) {
      batchesInFlight--;
      next = takeIfFree();
    }
    if (next != null) {
      send(next);
    }
  }

  /** One Redis: the keys in order, cut into commands of at most the maximum. */
  private static List<Mget> inOrder(List<Read> batch) {
    int left = 0;
    for (Read r : batch) {
      left += r.keys.length;
    }
    List<Mget> commands = new ArrayList<>(1);
    Mget current = null;
    for (Read r : batch) {
      if (r.abandoned()) {
        left -= r.keys.length;
        r.done(Abandoned.INSTANCE);
        continue;
      }
      for (int i = 0; i < r.keys.length; i++, left--) {
        if (current == null || current.size() == MAX_KEYS_PER_COMMAND) {
          current = new Mget(Math.min(MAX_KEYS_PER_COMMAND, left));
          commands.add(current);
        }
        current.add(r, i);
      }
    }
    return commands;
  }

  /**
   * A cluster: one command per hash slot (an account's keys share a hash tag, so one slot), in
   * first-seen order; Lettuce routes each to the slot's node and writes each node's at once.
   */
  private static List<Mget> bySlot(List<Read> batch) {
    Map<Integer, Mget> open = new HashMap<>();
    List<Mget> commands = new ArrayList<>();
    for (Read r : batch) {
      if (r.abandoned()) {
        r.done(Abandoned.INSTANCE);
        continue;
      }
      for (int i = 0; i < r.keys.length; i++) {
        int slot = SlotHash.getSlot(r.keys[i]);
        Mget m = open.get(slot);
        if (m == null || m.size() == MAX_KEYS_PER_COMMAND) {
          m = new Mget(4);
          open.put(slot, m);
          commands.add(m);
        }
        m.add(r, i);
      }
    }
    return commands;
  }

  /**
   * What a read whose caller had gone ends with: its keys were not sent. Not a store failure (the
   * call is over), so it counts as no Redis error.
   */
  static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Abandoned INSTANCE = new Abandoned();

    private Abandoned() {
      super("abandoned by its caller", null, false, false);
    }
  }

  /** Refuses new reads; queued ones end with an error; the connection is closed. */
  @Override
  public void close() {
    List<Read> left;
    synchronized (this) {
      closed = true;
      left = queued;
      queued = new ArrayList<>();
      queuedKeys = 0;
    }
    RedisException gone = new RedisException("reader closed");
    for (Read r : left) {
      r.done(gone);
    }
    connection.close();
  }
}
