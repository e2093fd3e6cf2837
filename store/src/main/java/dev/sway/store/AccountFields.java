package dev.sway.store;

/**
 * Field names of the account record {@code sway:a:{member}}. Short on purpose: they are stored
 * once per account, and Redis keeps field names verbatim.
 */
public final class AccountFields {
  /** Write version, bumped by every state write (optimistic concurrency). */
  public static final String VERSION = "v";
  public static final String FOLLOWERS = "fo";
  public static final String FOLLOWING = "fg";
  public static final String POSTS = "po";
  public static final String SNAPSHOT_MS = "sn";
  /** Scaled decayed sums (see {@code Decay}). */
  public static final String AMPLIFICATION = "am";
  public static final String AUTHORITY = "au";
  public static final String POSTING = "ps";
  public static final String ENGAGERS = "en";
  /** Scaled decayed interactions given; incremented on the actor's side only. */
  public static final String AUTHORED = "aw";
  /** Day (epoch day) and count of reactions given that day; actor's side only. */
  public static final String GIVEN_DAY = "od";
  public static final String GIVEN_COUNT = "oc";
  /** Latest time the account engaged someone, ms; actor's side. */
  public static final String LAST_GIVEN_MS = "lg";
  /** Epoch day the decay sweep last evaluated the account at. */
  public static final String SWEPT_DAY = "sw";
  public static final String INTERACTIONS = "n";
  public static final String LAST_EVENT_MS = "le";
  /** Latest computed score. */
  public static final String RAW = "r";
  /** Components at the latest update, "reach,amplification,authority,activity". */
  public static final String COMPONENTS = "c";
  public static final String DISTINCT_ENGAGERS = "de";
  public static final String MODEL_VERSION = "mv";
  /** Wall-clock time of the latest update, ms. */
  public static final String UPDATED_MS = "u";
  /** The person this account is linked to, when it is. */
  public static final String PERSON = "pid";
  /** Evaluation time of the latest score: the end of its evaluation day, ms. */
  public static final String SCORED_AT_MS = "sa";

  private AccountFields() {}
}
