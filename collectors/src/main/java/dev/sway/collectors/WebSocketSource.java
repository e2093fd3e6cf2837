package dev.sway.collectors;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A stream of text messages over a WebSocket, reconnecting with jittered backoff.
 *
 * <p>Backpressure: the JDK client reads a frame only after {@code request(1)}, and this source
 * requests the next message only while its bounded queue has room. When the consumer stalls (ingest
 * pushing back), the queue fills, no more is requested, the client stops reading the socket, and
 * TCP flow control stops the server: memory stays bounded by the queue.
 */
final class WebSocketSource implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WebSocketSource.class.getName());

  private final HttpClient http;
  private final Network network;
  private final LongSupplier cursor;
  private static final int SLACK = 8;
  private final BlockingQueue<String> queue;
  private final int capacity;
  private final int maxMessageChars;
  private final long idleTimeoutMs;
  private final Backoff backoff;
  private final CollectorMetrics metrics;
  private final Thread thread;
  private final Object lock = new Object();
  private volatile boolean running = true;
  private volatile long lastFrameNanos;
  private volatile WebSocket socket;
  private boolean paused;
  private long received;
  private long overCapacity;

  /**
   * @param cursor the position to resume from when (re)connecting (-1: live)
   * @param maxMessageChars a longer message is dropped while it arrives and counted as oversized
   * @param idleTimeoutMs a connection silent this long (while not paused by backpressure) is
   *     replaced
   */
  WebSocketSource(
      HttpClient http,
      Network network,
      LongSupplier cursor,
      int queueCapacity,
      int maxMessageChars,
      long idleTimeoutMs,
      Backoff backoff,
      CollectorMetrics metrics) {
    this.http = http;
    this.network = network;
    this.cursor = cursor;
    this.capacity = queueCapacity;
    // A few places beyond the capacity: requests are made at the capacity, and a request the
    // client counts differently (a control frame) must not turn into a failed connection.
    this.queue = new ArrayBlockingQueue<>(queueCapacity + SLACK);
    this.maxMessageChars = maxMessageChars;
    this.idleTimeoutMs = idleTimeoutMs;
    this.backoff = backoff;
    this.metrics = metrics;
    this.thread = new Thread(this::superviseConnections, network.name() + "-socket");
    this.thread.setDaemon(true);
    metrics.gauge("sway.collector.queue.depth", "Messages read and not yet mapped", queue::size);
  }

  void start() {
    thread.start();
  }

  /** The next message, waiting up to {@code timeoutMs}; null when none came. */
  String poll(long timeoutMs) throws InterruptedException {
    String m = queue.poll(timeoutMs, TimeUnit.MILLISECONDS);
    if (m != null) {
      synchronized (lock) {
        if (paused && socket != null && queue.size() < capacity) {
          paused = false;
          socket.request(1);
        }
      }
    }
    return m;
  }

  /** Messages received whole since the start (oversized ones excluded). */
  long received() {
    synchronized (lock) {
      return received;
    }
  }

  int queued() {
    return queue.size();
  }

  private void superviseConnections() {
    while (running) {
      String cause = "error";
      try {
        URI uri = network.streamUri(cursor.getAsLong());
        Listener listener = new Listener();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        network.headers().forEach(b::header);
        WebSocket ws = b.buildAsync(uri, listener).get(20, TimeUnit.SECONDS);
        metrics.connected(true);
        lastFrameNanos = System.nanoTime();
        cause = awaitEnd(ws, listener);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        LOG.log(Level.WARNING, "stream connection failed: {0}", String.valueOf(e.getMessage()));
      }
      metrics.connected(false);
      synchronized (lock) {
        socket = null;
        paused = false;
      }
      if (!running) {
        return;
      }
      metrics.reconnect(cause);
      try {
        Thread.sleep(backoff.nextDelayMs());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Waits for the connection to end; replaces one that went silent. Returns why it ended. */
  private String awaitEnd(WebSocket ws, Listener l) throws InterruptedException {
    while (running) {
      try {
        String cause = l.ended.get(500, TimeUnit.MILLISECONDS);
        return cause;
      } catch (java.util.concurrent.TimeoutException e) {
        boolean waitingForUs;
        synchronized (lock) {
          waitingForUs = paused;
        }
        long idleMs = (System.nanoTime() - lastFrameNanos) / 1_000_000;
        if (!waitingForUs && idleMs > idleTimeoutMs) {
          ws.abort();
          return "idle";
        }
      } catch (java.util.concurrent.ExecutionException e) {
        return "error";
      }
    }
    ws.abort();
    return "closed";
  }

  /** Never expected; waits for room rather than lose a message. */
  private void putAndCount(String m) {
    try {
      queue.put(m);
      synchronized (lock) {
        received++;
        overCapacity++;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Messages that arrived with the queue at or beyond its capacity (for tests). */
  long overCapacity() {
    synchronized (lock) {
      return overCapacity;
    }
  }

  private void requestNext(WebSocket ws) {
    synchronized (lock) {
      if (queue.size() < capacity) {
        ws.request(1);
      } else {
        paused = true;
      }
    }
  }

  /** Assembles messages from frames; never holds more than one message of at most the limit. */
  private final class Listener implements WebSocket.Listener {
    final CompletableFuture<String> ended = new CompletableFuture<>();
    private final StringBuilder buf = new StringBuilder();
    private boolean oversized;

    @Override
    public void onOpen(WebSocket ws) {
      synchronized (lock) {
        socket = ws;
      }
      ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      lastFrameNanos = System.nanoTime();
      if (!oversized && buf.length() + data.length() > maxMessageChars) {
        oversized = true;
        buf.setLength(0);
        buf.trimToSize();
      }
      if (!oversized) {
        buf.append(data);
      }
      if (last) {
        if (oversized) {
          metrics.skipped("oversized");
        } else {
          String m = buf.toString();
          boolean added;
          synchronized (lock) {
            // There is room: a message is requested only when the queue has some.
            added = queue.offer(m);
            if (added) {
              received++;
              if (queue.size() > capacity) {
                overCapacity++;
              }
            }
          }
          if (!added) {
            putAndCount(m);
          }
          backoff.reset();
        }
        oversized = false;
        buf.setLength(0);
        if (buf.capacity() > 64 * 1024) {
          buf.trimToSize();
        }
        requestNext(ws);
      } else {
        ws.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      // Compressed frames are not asked for; a binary message is skipped whole.
      lastFrameNanos = System.nanoTime();
      if (last) {
        metrics.skipped("binary");
        requestNext(ws);
      } else {
        ws.request(1);
      }
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
      // The client answers pings itself; a ping uses one request, so ask again (if there is room).
      lastFrameNanos = System.nanoTime();
      requestNext(ws);
      return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
      requestNext(ws);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      ended.complete("closed");
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      LOG.log(Level.WARNING, "stream failed: {0}", String.valueOf(error));
      ended.complete("error");
    }
  }

  @Override
  public void close() {
    running = false;
    WebSocket ws;
    synchronized (lock) {
      ws = socket;
    }
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").orTimeout(2, TimeUnit.SECONDS);
      ws.abort();
    }
    thread.interrupt();
  }
}
