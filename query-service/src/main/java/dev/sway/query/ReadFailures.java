package dev.sway.query;

import dev.sway.store.AccountRecord;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import java.util.concurrent.CompletionException;

/**
 * The one mapping from a failed read to the status a caller sees, shared by every handler so that a
 * failure reads alike whichever path met it: a stored value that does not decode is INTERNAL; a
 * full read queue is RESOURCE_EXHAUSTED (retry later); anything else from Redis (an error reply, a
 * timeout, a lost connection) is UNAVAILABLE and counts as a Redis error.
 */
final class ReadFailures {
  private final Counter redisErrors;

  ReadFailures(Counter redisErrors) {
    this.redisErrors = redisErrors;
  }

  /** The status for {@code error}, as a caller gets it. */
  StatusRuntimeException status(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof StatusRuntimeException s) {
      return s;
    }
    if (cause instanceof IllegalArgumentException
        || cause instanceof AccountRecord.UnsupportedFormatException) {
      // Redis answered, but with a stored value that does not decode.
      return undecodable(cause);
    }
    if (cause instanceof Full) {
      return full();
    }
    if (cause instanceof RecordBatcher.Abandoned) {
      // The caller has gone; nothing failed.
      return Status.CANCELLED.withDescription(cause.getMessage()).asRuntimeException();
    }
    redisErrors.increment();
    return Status.UNAVAILABLE
        .withDescription("store unavailable: " + cause.getMessage())
        .asRuntimeException();
  }

  /** A stored value that does not decode, or a view of it that fails. */
  static StatusRuntimeException undecodable(Throwable cause) {
    return Status.INTERNAL
        .withDescription("cannot read stored score")
        .withCause(cause)
        .asRuntimeException();
  }

  /** What a read refused by a full queue answers. */
  static StatusRuntimeException full() {
    return Status.RESOURCE_EXHAUSTED
        .withDescription("too many account reads queued; retry later")
        .asRuntimeException();
  }

  /** A read the queue refused, for paths that complete futures. */
  static final class Full extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Full() {
      super("too many account reads queued", null, false, false);
    }
  }
}
