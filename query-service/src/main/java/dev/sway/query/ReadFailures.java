package dev.sway.query;

import dev.sway.common.Failure;
import dev.sway.runtime.StatusMapper;
import dev.sway.store.AccountRecord;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import java.util.concurrent.CompletionException;

/**
 * How a failed read reaches its caller, on the runtime's one {@link StatusMapper}: the read path's
 * own outcomes first (a full read queue is RESOURCE_EXHAUSTED, retry later; an abandoned read
 * CANCELLED; a stored record of another format INTERNAL), then a record that does not decode as
 * {@link Failure.CorruptRecord} (DATA_LOSS), Redis' errors (an error reply, a timeout, a lost
 * connection) as {@link Failure.StoreUnavailable} (UNAVAILABLE, counted as a Redis error), and
 * anything else INTERNAL.
 */
final class ReadFailures {
  private final Counter redisErrors;
  private final StatusMapper mapper =
      new StatusMapper(
          t -> {
            if (t instanceof IllegalArgumentException) {
              return new Failure.CorruptRecord(
                  "a stored record does not decode: " + t.getMessage(), t);
            }
            if (t instanceof RedisException || t instanceof java.io.IOException) {
              return new Failure.StoreUnavailable("store unavailable: " + t.getMessage(), t);
            }
            return null;
          });

  ReadFailures(Counter redisErrors) {
    this.redisErrors = redisErrors;
  }

  /** The status for {@code error}, as a caller gets it. */
  StatusRuntimeException status(Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof AccountRecord.UnsupportedFormatException) {
      // Redis answered with a record of a format this reader does not know (a newer writer).
      return undecodable(cause);
    }
    if (cause instanceof Full) {
      return full();
    }
    if (cause instanceof RecordBatcher.Abandoned) {
      // The caller has gone; nothing failed.
      return Status.CANCELLED.withDescription(cause.getMessage()).asRuntimeException();
    }
    StatusRuntimeException s = mapper.toStatus(cause, "the read");
    if (s.getCause() instanceof Failure.StoreUnavailable) {
      redisErrors.increment();
    }
    return s;
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
