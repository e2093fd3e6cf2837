package dev.sway.checks;

/** Every input limit of the write API; {@code docs/security.md} lists them. */
public final class Limits {
  public static final int MAX_BATCH = 10_000;
  public static final int MAX_EVENT_ID_CHARS = 128;
  public static final int MAX_CONTENT_ID_CHARS = 256;
  public static final int MAX_TOPICS = 16;
  public static final int MAX_TOPIC_CHARS = 64;
  public static final long MAX_COUNTER = 10_000_000_000L;

  /** 2006-01-01T00:00:00Z: nothing social is older. */
  public static final long MIN_TIME_MS = 1_136_073_600_000L;

  /** Clock skew tolerated for times in the future. */
  public static final long MAX_FUTURE_SKEW_MS = 5 * 60_000L;

  private Limits() {}
}
