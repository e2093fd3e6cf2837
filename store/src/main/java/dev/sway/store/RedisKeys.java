package dev.sway.store;

/**
 * The Redis key layout of Sway, in one place. {@code docs/redis-keys.md} describes it for
 * operators; this class is the code's only source of key names.
 *
 * <p>An account is named by its <em>member</em> string {@code network:account_id} (networks contain
 * no colon). Every key that belongs to one account carries the member as a hash tag, {@code
 * {x:alice}}, so all of an account's keys live in one Redis Cluster slot and can be changed by one
 * script atomically.
 */
public final class RedisKeys {
  /** Prefix of every key Sway writes. */
  public static final String PREFIX = "sway:";

  /** Global leaderboard (ZSET member → raw score). */
  public static final String LEADERBOARD_ALL = "sway:lb:all";

  /** Topics by scored activity (ZSET topic → interactions counted). */
  public static final String TOPICS = "sway:topics";

  /**
   * The population of raw scores: a histogram of 100,001 buckets of 0.001 raw points (STRING used
   * as {@code BITFIELD u32} counters, 400 KB), kept exact by every account write.
   */
  public static final String CALIBRATION_HISTOGRAM = "sway:calib:h";

  /**
   * On a Redis Cluster, the calibration moves of one slot's accounts not yet folded into {@link
   * #CALIBRATION_HISTOGRAM} (LIST of entries "number moves…", numbers increasing; moves {@code
   * +bucket} / {@code -bucket} separated by spaces). An account write appends its move here
   * atomically with the record (both are in the slot); the writer then folds the slot's entries
   * into the histogram, which skips entries it already holds ({@link #CALIBRATION_FOLDED}), so a
   * crash between the two steps loses nothing and counts nothing twice. Folded entries are dropped
   * by the slot's next write, but the last. One Redis needs none of this.
   */
  public static String calibrationJournal(int slot) {
    return "sway:calib:j:{" + Slots.tag(slot) + "}";
  }

  /**
   * Per slot, the number of the latest journal entry folded into the histogram (HASH slot →
   * number). Its hash tag puts it in the histogram's slot, so a fold is one atomic script.
   */
  public static final String CALIBRATION_FOLDED =
      "sway:calib:folded{" + CALIBRATION_HISTOGRAM + "}";

  /** The score clock: the latest event time acknowledged, ms (STRING, only moves forward). */
  public static final String SCORE_CLOCK = "sway:clock";

  /** Progress of the decay sweep (HASH: {@code day} being swept, {@code cursor}, {@code done}). */
  public static final String SWEEP = "sway:sweep";

  /** The decay sweep's lease: one scoring replica sweeps at a time (STRING owner, with a TTL). */
  public static final String SWEEP_LEASE = "sway:sweep:lease";

  /**
   * The networks that have a leaderboard (SET of names): at most {@code
   * --max-network-leaderboards}, first come first served; a network beyond it is scored but not
   * ranked.
   */
  public static final String NETWORK_BOARDS = "sway:boards:n";

  /**
   * The topics that have a leaderboard and a place in {@link #TOPICS} (SET of names), bounded
   * likewise.
   */
  public static final String TOPIC_BOARDS = "sway:boards:t";

  /**
   * Erased accounts that stay erased (SET of 64-bit {@link Pseudonyms} hashes): events and
   * snapshots naming one are dropped before scoring, until the suppression is lifted.
   */
  public static final String SUPPRESSED = "sway:suppressed";

  /** Accounts that agreed to be scored (SET of {@link Pseudonyms} hashes); used in opt-in mode. */
  public static final String REGISTERED = "sway:registered";

  /**
   * A privacy key made up by the first scoring service of a deployment that configured none
   * (STRING, base64): for development only, since a key kept beside the hashes protects little.
   */
  public static final String GENERATED_PRIVACY_KEY = "sway:privacy:key";

  /** Pattern of every de-duplication set, for scans. */
  public static final String ALL_EVENT_IDS = "sway:e:*";

  /** Pattern of every account record, for scans. */
  public static final String ALL_ACCOUNTS = "sway:a:*";

  /**
   * The storage layout of this Redis (STRING, "3"): set by the first scoring service that finds an
   * empty Redis, checked by every one that starts.
   */
  public static final String LAYOUT = "sway:layout";

  /** The layout this code reads and writes. */
  public static final String LAYOUT_VERSION = "3";

  /**
   * The change feed (STREAM, entries older than about {@link #CHANGES_KEPT_MS} trimmed at each
   * write): one entry per stored chunk of accounts, field {@code m} the members
   * (newline-separated), {@code t} the write time (ms). The scoring service appends once the
   * accounts, leaderboards and movers are stored; the query service reads it to push changes to
   * {@code WatchScores} callers.
   */
  public static final String CHANGES = "sway:changes";

  /**
   * How long the change feed keeps an entry: its readers take each within milliseconds, and an
   * erased account's name must not linger in it.
   */
  public static final long CHANGES_KEPT_MS = 60_000;

  /** The persons' leaderboard (ZSET: person id → combined raw score of its linked accounts). */
  public static final String PERSON_LEADERBOARD = "sway:lb:p";

  /** The windows, in days, of the movers index. */
  public static final int[] MOVER_WINDOWS = {1, 7, 30};

  /**
   * The movers of a window (ZSET: member → score change over {@code windowDays}, calibrated when
   * written), global.
   */
  public static String movers(int windowDays) {
    return "sway:mv:" + windowDays + ":all";
  }

  /** The same restricted to one network (only networks with a leaderboard have one). */
  public static String networkMovers(int windowDays, String network) {
    return "sway:mv:" + windowDays + ":n:" + network;
  }

  /** The same restricted to one topic (only topics with a leaderboard have one). */
  public static String topicMovers(int windowDays, String topic) {
    return "sway:mv:" + windowDays + ":t:" + topic;
  }

  private RedisKeys() {}

  /** {@code network:account_id}, the name of an account in leaderboards and engager tables. */
  public static String member(String network, String accountId) {
    return network + ":" + accountId;
  }

  /** Network part of a member. */
  public static String networkOf(String member) {
    return member.substring(0, member.indexOf(':'));
  }

  /** Account-id part of a member. */
  public static String accountIdOf(String member) {
    return member.substring(member.indexOf(':') + 1);
  }

  /**
   * The account record (STRING, binary: {@link AccountRecord}): state, bounded engager table,
   * topics, latest score and linked person, read and written whole.
   */
  public static String account(String member) {
    return "sway:a:{" + member + "}";
  }

  /** Daily history (STRING, binary: {@link HistorySeries}, 15 bytes a day). */
  public static String history(String member) {
    return "sway:h:{" + member + "}";
  }

  /** The accounts of a person (SET of members). */
  public static String person(String personId) {
    return "sway:person:{" + personId + "}";
  }

  /**
   * A long-running erasure (HASH: progress and counts; while it runs, also the members it erases,
   * which it needs to finish; kept for {@code OPERATION_TTL_SECONDS} once done).
   */
  public static String operation(String id) {
    return "sway:op:" + id;
  }

  /** Erasures not finished yet (SET of operation ids), resumed by any scoring replica. */
  public static final String PENDING_OPERATIONS = "sway:ops:pending";

  /** How long a finished operation can still be read. */
  public static final long OPERATION_TTL_SECONDS = 7 * 86_400;

  /** Glob pattern of an account's de-duplication sets, with glob characters escaped. */
  public static String eventPattern(String member) {
    return "sway:e:{" + member.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "}:*";
  }

  /** Days of event time per de-duplication bucket. */
  public static final long EVENT_BUCKET_DAYS = 28;

  /** The de-duplication bucket (event-time period of {@link #EVENT_BUCKET_DAYS}) of an event. */
  public static long eventBucket(long eventTimeMs) {
    return Math.floorDiv(eventTimeMs, EVENT_BUCKET_DAYS * 86_400_000L);
  }

  /**
   * The ids of the events an account received in one bucket (SET of 64-bit {@link EventIds} hashes,
   * with a TTL): integers, so Redis keeps up to 512 of them in its compact intset encoding at 8
   * bytes each.
   */
  public static String events(String member, long bucket) {
    return "sway:e:{" + member + "}:" + bucket;
  }

  /** Per-network leaderboard (ZSET member → raw score). */
  public static String networkLeaderboard(String network) {
    return "sway:lb:n:" + network;
  }

  /** Per-topic leaderboard (ZSET member → topic raw score). */
  public static String topicLeaderboard(String topic) {
    return "sway:lb:t:" + topic;
  }
}
