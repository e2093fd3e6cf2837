package dev.sway.collectors;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter: each delay is drawn from the upper half of a cap that doubles
 * from {@code initialMs} to {@code maxMs}, so many collectors restarted together do not reconnect
 * in step. Not thread-safe: one per retry loop.
 */
final class Backoff {
  private final long initialMs;
  private final long maxMs;
  private final RandomGenerator random;
  private int attempt;

  Backoff(long initialMs, long maxMs, RandomGenerator random) {
    if (initialMs <= 0 || maxMs < initialMs) {
      throw new IllegalArgumentException("need 0 < initialMs <= maxMs");
    }
    this.initialMs = initialMs;
    this.maxMs = maxMs;
    this.random = random;
  }

  /** The next delay; each call doubles the cap until {@code maxMs}. */
  long nextDelayMs() {
    long cap = Math.min(maxMs, initialMs << Math.min(attempt, 30));
    attempt++;
    return cap / 2 + random.nextLong(cap - cap / 2 + 1);
  }

  /** After a success: the next failure starts from {@code initialMs} again. */
  void reset() {
    attempt = 0;
  }

  int attempts() {
    return attempt;
  }
}
