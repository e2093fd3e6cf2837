package dev.sway.runtime;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits at most a fixed number of calls at once — and at most a share of them per caller — and
 * answers the rest with RESOURCE_EXHAUSTED; closes calls whose client sends nothing for too long.
 *
 * <p>Why: the handler executor has a bounded queue; without a gate in front of it a burst of calls
 * would either grow memory or be rejected deep inside the transport. Clients retry
 * RESOURCE_EXHAUSTED with back-off, so an overload sheds load instead of falling over. The share
 * per caller (API key, or the client's address when it sends none) keeps one caller holding its
 * whole share — with idle streams, or calls whose request never arrives — from locking out everyone
 * else; the idle limit gives those permits back.
 */
public final class InflightLimiter implements ServerInterceptor {
  private final Semaphore permits;
  private final int maxPerCaller;
  private final long idleMs;
  private final ConcurrentHashMap<String, AtomicInteger> perCaller = new ConcurrentHashMap<>();

  /**
   * Calls waiting on their client: one sweep looks at them all, rather than a timer task per call.
   */
  private final Set<GuardedCall<?, ?>> watched = ConcurrentHashMap.newKeySet();

  /**
   * @param maxPerCaller calls one caller may have in flight
   * @param idleMs how long a call may wait for its client's next message (its request, or a
   *     stream's next batch) before it is closed with CANCELLED
   */
  public InflightLimiter(
      int maxInflight, int maxPerCaller, long idleMs, ScheduledExecutorService timer) {
    this.permits = new Semaphore(maxInflight);
    this.maxPerCaller = maxPerCaller;
    this.idleMs = idleMs;
    // A quarter of the idle limit between sweeps: a silent call is closed within 1.25 × idleMs.
    timer.scheduleWithFixedDelay(
        this::closeIdleCalls, idleMs / 4 + 1, idleMs / 4 + 1, TimeUnit.MILLISECONDS);
  }

  private void closeIdleCalls() {
    long now = System.nanoTime();
    for (GuardedCall<?, ?> c : watched) {
      c.closeIfIdle(now);
    }
  }

  /** Calls currently admitted, for metrics. */
  public int available() {
    return permits.availablePermits();
  }

  /**
   * Who is calling, without authenticating (that comes later): a digest of the presented key, or
   * the client's address. A caller inventing keys gets a share per key but is refused by
   * authentication at once, which gives the permit back.
   */
  static String caller(ServerCall<?, ?> call, Metadata headers) {
    String auth = headers.get(AuthInterceptor.AUTHORIZATION);
    if (auth != null) {
      return "key:" + Integer.toHexString(auth.hashCode()) + ":" + auth.length();
    }
    SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    return "addr:"
        + (remote instanceof InetSocketAddress a
            ? a.getAddress().getHostAddress()
            : String.valueOf(remote));
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String who = caller(call, headers);
    AtomicInteger mine = perCaller.computeIfAbsent(who, k -> new AtomicInteger());
    if (mine.incrementAndGet() > maxPerCaller) {
      mine.decrementAndGet();
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "too many calls in flight from this caller (" + maxPerCaller + "), retry later"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (!permits.tryAcquire()) {
      mine.decrementAndGet();
      call.close(
          Status.RESOURCE_EXHAUSTED.withDescription(
              "server busy: too many calls in flight, retry later"),
          new Metadata());
      return new ServerCall.Listener<>() {};
    }
    GuardedCall<Q, R> guarded = new GuardedCall<>(call);
    Runnable release =
        () -> {
          permits.release();
          if (mine.decrementAndGet() == 0) {
            perCaller.remove(who, mine);
          }
          guarded.stopWatching();
        };
    ServerCall.Listener<Q> delegate;
    try {
      delegate = next.startCall(guarded, headers);
    } catch (RuntimeException e) {
      release.run();
      throw e;
    }
    guarded.watch();
    return new ReleasingListener<>(delegate, release) {
      @Override
      public void onMessage(Q message) {
        guarded.heard();
        super.onMessage(message);
      }

      @Override
      public void onHalfClose() {
        // The client has said everything: from now on the call waits on the server, not on it.
        guarded.stopWatching();
        super.onHalfClose();
      }
    };
  }

  /**
   * The call as handlers see it, with its methods serialised so that the idle check may close it
   * from the timer thread.
   */
  private final class GuardedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {
    private volatile long lastHeardNanos = System.nanoTime();
    private boolean closed;

    GuardedCall(ServerCall<Q, R> call) {
      super(call);
    }

    void watch() {
      watched.add(this);
    }

    void heard() {
      lastHeardNanos = System.nanoTime();
    }

    void stopWatching() {
      watched.remove(this);
    }

    void closeIfIdle(long nowNanos) {
      if (nowNanos - lastHeardNanos >= TimeUnit.MILLISECONDS.toNanos(idleMs)) {
        stopWatching();
        close(
            Status.CANCELLED.withDescription("no message from the client for " + idleMs + " ms"),
            new Metadata());
      }
    }

    @Override
    public synchronized void sendHeaders(Metadata headers) {
      if (!closed) {
        super.sendHeaders(headers);
      }
    }

    @Override
    public synchronized void sendMessage(R message) {
      if (!closed) {
        super.sendMessage(message);
      }
    }

    @Override
    public synchronized void close(Status status, Metadata trailers) {
      if (!closed) {
        closed = true;
        super.close(status, trailers);
      }
    }

    @Override
    public synchronized void request(int numMessages) {
      if (!closed) {
        super.request(numMessages);
      }
    }
  }
}
