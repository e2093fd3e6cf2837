package dev.sway.common;

/**
 * A failure of Sway's own that an API answer can name: each kind is one gRPC status, and the one
 * mapper of the runtime module ({@code dev.sway.runtime.StatusMapper}) turns it into that status
 * with this message. Modules without gRPC (the store) throw these; so a plain {@link
 * IllegalStateException} or any other unexpected exception is always an internal error, never
 * mistaken for one of these.
 */
public abstract class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, as the caller should act on it. */
  public enum Kind {
    /** The store (Redis) cannot be reached or answered with an error: retry later. */
    UNAVAILABLE,
    /** Concurrent writers kept changing the same records: retry the call (ABORTED). */
    CONTENTION,
    /** The request conflicts with what is stored (a link to another person, a suppression). */
    CONFLICT,
    /** A stored record cannot be read: an operator must look (DATA_LOSS). */
    CORRUPT
  }

  private final Kind kind;

  protected Failure(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** The store cannot be reached or failed; the message says what was being done. */
  public static final class StoreUnavailable extends Failure {
    private static final long serialVersionUID = 1L;

    public StoreUnavailable(String message, Throwable cause) {
      super(Kind.UNAVAILABLE, message, cause);
    }
  }

  /** Optimistic writes gave up after their attempts: other writers kept winning. */
  public static final class WriteContention extends Failure {
    private static final long serialVersionUID = 1L;

    public WriteContention(String message) {
      super(Kind.CONTENTION, message, null);
    }
  }

  /** A stored record that does not decode; the message names the key. */
  public static final class CorruptRecord extends Failure {
    private static final long serialVersionUID = 1L;

    public CorruptRecord(String message, Throwable cause) {
      super(Kind.CORRUPT, message, cause);
    }
  }

  /** The request conflicts with stored state; subclassed by the cases a service names. */
  public static class Conflict extends Failure {
    private static final long serialVersionUID = 1L;

    public Conflict(String message) {
      super(Kind.CONFLICT, message, null);
    }
  }
}
