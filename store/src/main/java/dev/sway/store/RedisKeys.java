package dev.sway.store;

/**
 * The Redis key layout of Sway, in one place. {@code docs/redis-keys.md} describes it for
 * operators; this class is the code's only source of key names.
 *
 * <p>An account is named by its <em>member</em> string {@code network:account_id} (networks
 * contain no colon). Every key that belongs to one account carries the member as a hash tag,
 * {@code {x:alice}}, so all of an account's keys live in one Redis Cluster slot and can be
 * changed by one script atomically.
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
  /** The score clock: the latest event time acknowledged, ms (STRING, only moves forward). */
  public static final String SCORE_CLOCK = "sway:clock";
  /** Progress of the decay sweep (HASH: {@code day} being swept, {@code cursor}, {@code done}). */
  public static final String SWEEP = "sway:sweep";
  /** The decay sweep's lease: one scoring replica sweeps at a time (STRING owner, with a TTL). */
  public static final String SWEEP_LEASE = "sway:sweep:lease";
  /** Pattern of every account record, for scans. */
  public static final String ALL_ACCOUNTS = "sway:a:*";

  private RedisKeys() {}

  /** {@code network:account_id}, the name of an account in leaderboards and pair hashes. */
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

  /** Pattern of every account's engagement-received hash, for scans. */
  public static final String ALL_PAIRS = "sway:p:*";
  /** Pattern of every account's recent-engagers set, for scans. */
  public static final String ALL_RECENT = "sway:r:*";

  /** Account record (HASH, fields in {@link AccountFields}). */
  public static String account(String member) {
    return "sway:a:{" + member + "}";
  }

  /** Engagement received, per engager (HASH engager member → scaled decayed pair mass). */
  public static String pairs(String member) {
    return "sway:p:{" + member + "}";
  }

  /** Amplification per topic (HASH topic → scaled decayed mass). */
  public static String topics(String member) {
    return "sway:t:{" + member + "}";
  }

  /** Raw score per topic at the last update (HASH topic → raw). */
  public static String topicRaws(String member) {
    return "sway:tr:{" + member + "}";
  }

  /** Daily history (HASH epoch day → {@link HistoryPoint} encoding; days with changes only). */
  public static String history(String member) {
    return "sway:h:{" + member + "}";
  }

  /** The latest engagers of an account (ZSET engager member → last engagement ms, 32 kept). */
  public static String recentEngagers(String member) {
    return "sway:r:{" + member + "}";
  }

  /** The accounts of a person (SET of members). */
  public static String person(String personId) {
    return "sway:person:{" + personId + "}";
  }

  /** Glob pattern of an account's de-duplication markers, with glob characters escaped. */
  public static String eventPattern(String member) {
    return "sway:e:{" + member.replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "}:*";
  }

  /** Days per de-duplication bucket. */
  public static final long EVENT_BUCKET_DAYS = 7;

  /** The de-duplication bucket (event-time week number) of an event. */
  public static long eventBucket(long eventTimeMs) {
    return Math.floorDiv(eventTimeMs, EVENT_BUCKET_DAYS * 86_400_000L);
  }

  /**
   * Ids of the events an account received in one event-time week (HASH event id → 1, with a
   * TTL): one key per week instead of one per event, so a marker costs ~20 bytes, not ~90.
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
