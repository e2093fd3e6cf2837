package dev.sway.runtime;

import dev.sway.common.Failure;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

/**
 * The one mapping from what a call threw to the status its caller gets, used by every service (the
 * shape of Armeria's {@code GrpcExceptionHandlerFunction}):
 *
 * <ul>
 *   <li>a status already chosen ({@link StatusRuntimeException}, {@link StatusException}) is kept;
 *   <li>a {@link Failure} by its kind: the store unavailable → UNAVAILABLE, write contention →
 *       ABORTED (retry the call), a conflict with stored state → FAILED_PRECONDITION, a corrupt
 *       record → DATA_LOSS, each with its message;
 *   <li>a full executor ({@link RejectedExecutionException}) → UNAVAILABLE, "overloaded";
 *   <li>anything else → INTERNAL with a fixed description: an unexpected exception's message may
 *       hold internals, so it goes to the log, not to the caller.
 * </ul>
 *
 * Wrappers of asynchronous code ({@link CompletionException}, {@link ExecutionException}) are
 * looked through. A service whose libraries throw their own exceptions (Lettuce's {@code
 * RedisException}) gives a {@code translate} that turns them into a {@link Failure}.
 */
public final class StatusMapper {
  /** Longest description sent: an error message is not a channel for bulk data. */
  static final int MAX_DESCRIPTION_CHARS = 500;

  private final Function<Throwable, Failure> translate;

  /** {@code translate} returns the Failure a library exception stands for, or null. */
  public StatusMapper(Function<Throwable, Failure> translate) {
    this.translate = translate;
  }

  /** A mapper for services that throw only Failures and statuses. */
  public static StatusMapper plain() {
    return new StatusMapper(t -> null);
  }

  /**
   * The status for {@code thrown}; {@code what} names the call for the INTERNAL description ("the
   * scoring failed").
   */
  public StatusRuntimeException toStatus(Throwable thrown, String what) {
    Throwable t = unwrap(thrown);
    if (t instanceof StatusRuntimeException e) {
      return e;
    }
    if (t instanceof StatusException e) {
      return new StatusRuntimeException(e.getStatus(), e.getTrailers());
    }
    Failure f = t instanceof Failure mine ? mine : translate.apply(t);
    if (f != null) {
      return code(f.kind())
          .withDescription(bounded(f.getMessage()))
          .withCause(f)
          .asRuntimeException();
    }
    if (t instanceof RejectedExecutionException) {
      return Status.UNAVAILABLE
          .withDescription("the server is overloaded; retry later")
          .withCause(t)
          .asRuntimeException();
    }
    return Status.INTERNAL.withDescription(what + " failed").withCause(t).asRuntimeException();
  }

  /** The status code of each kind of Failure. */
  public static Status code(Failure.Kind kind) {
    return switch (kind) {
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case CONTENTION -> Status.ABORTED;
      case CONFLICT -> Status.FAILED_PRECONDITION;
      case CORRUPT -> Status.DATA_LOSS;
    };
  }

  private static Throwable unwrap(Throwable t) {
    Throwable at = t;
    while ((at instanceof CompletionException || at instanceof ExecutionException)
        && at.getCause() != null) {
      at = at.getCause();
    }
    return at;
  }

  private static String bounded(String s) {
    if (s == null) {
      return null;
    }
    return s.length() <= MAX_DESCRIPTION_CHARS ? s : s.substring(0, MAX_DESCRIPTION_CHARS) + "…";
  }
}
