package dev.sway.runtime;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Closes one HTTP connection's socket when its current phase (headers, body, answer) outlives its
 * bound; each phase re-arms it. Closing from another thread ends a blocked read or write at once,
 * where a socket read timeout would restart with every byte a slow client trickles in.
 */
final class ConnectionWatchdog {
  private final Socket socket;
  private final ScheduledExecutorService timer;
  private final long responseTimeoutMs;
  private ScheduledFuture<?> pending;

  ConnectionWatchdog(Socket socket, ScheduledExecutorService timer, long responseTimeoutMs) {
    this.socket = socket;
    this.timer = timer;
    this.responseTimeoutMs = responseTimeoutMs;
  }

  /** The connection is closed {@code ms} from now unless re-armed or disarmed before. */
  synchronized void arm(long ms) {
    if (pending != null) {
      pending.cancel(false);
    }
    pending =
        timer.schedule(
            () -> {
              try {
                socket.close();
              } catch (IOException ignored) {
                // already closed
              }
            },
            ms,
            TimeUnit.MILLISECONDS);
  }

  /** The body has arrived (or the handler answers without it): the answer's bound begins. */
  void responsePhase() {
    arm(responseTimeoutMs);
  }

  synchronized void disarm() {
    if (pending != null) {
      pending.cancel(false);
    }
  }
}
