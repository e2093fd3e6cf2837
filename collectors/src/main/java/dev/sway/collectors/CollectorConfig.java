package dev.sway.collectors;

import java.nio.file.Path;

/**
 * How a collector runs, whatever the network.
 *
 * @param cursorFile where the acknowledged position is kept; null: not kept
 * @param batchSize interactions (or snapshots) per ingest call, at most 10,000
 * @param lingerMs a batch is sent at the latest this long after its first message
 * @param queueCapacity messages read from the socket and not yet mapped
 * @param maxMessageChars a longer message is skipped as oversized
 * @param ingestDeadlineMs the deadline of each ingest call
 * @param idleTimeoutMs a stream silent this long is reconnected
 * @param backoffInitialMs first delay of a reconnection or retry
 * @param backoffMaxMs the cap of those delays
 * @param inFlightBatches batches sent to ingest at once (positions are saved in order)
 */
public record CollectorConfig(
    Path cursorFile,
    int batchSize,
    long lingerMs,
    int queueCapacity,
    int maxMessageChars,
    long ingestDeadlineMs,
    long idleTimeoutMs,
    long backoffInitialMs,
    long backoffMaxMs,
    int inFlightBatches) {

  /** Batches in flight unless told otherwise. */
  public static final int DEFAULT_IN_FLIGHT = 4;

  /** The same with {@link #DEFAULT_IN_FLIGHT} batches in flight. */
  public CollectorConfig(
      Path cursorFile,
      int batchSize,
      long lingerMs,
      int queueCapacity,
      int maxMessageChars,
      long ingestDeadlineMs,
      long idleTimeoutMs,
      long backoffInitialMs,
      long backoffMaxMs) {
    this(
        cursorFile,
        batchSize,
        lingerMs,
        queueCapacity,
        maxMessageChars,
        ingestDeadlineMs,
        idleTimeoutMs,
        backoffInitialMs,
        backoffMaxMs,
        DEFAULT_IN_FLIGHT);
  }

  public CollectorConfig {
    if (inFlightBatches < 1 || inFlightBatches > 64) {
      throw new IllegalArgumentException("batches in flight must be 1-64, got " + inFlightBatches);
    }
    if (batchSize < 1 || batchSize > 10_000) {
      throw new IllegalArgumentException("batch size must be 1-10000, got " + batchSize);
    }
    if (queueCapacity < 1 || lingerMs < 1 || maxMessageChars < 1 || ingestDeadlineMs < 1) {
      throw new IllegalArgumentException("queue, linger, message size and deadline must be > 0");
    }
  }

  /** The defaults of {@code sway connect}, keeping the position in {@code cursorFile}. */
  public static CollectorConfig defaults(Path cursorFile) {
    return new CollectorConfig(
        cursorFile, 500, 1000, 1024, 256 * 1024, 10_000, 60_000, 500, 60_000);
  }
}
