package dev.sway.store;

import dev.sway.model.AccountState;
import dev.sway.model.Components;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account record {@code sway:a:{member}}: one binary string holding everything Sway keeps about
 * an account except its history and de-duplication ids — the model state (profile snapshot, decayed
 * sums, actor-side counters, topic masses, the bounded engager table), the latest score with its
 * components and per-topic raw scores, and the linked person.
 *
 * <p>Layout (format 3, documented in {@code docs/redis-keys.md}): byte 0 the format, bytes 1-8 the
 * write version (big-endian), then the body. Scripts compare the first {@link #HEADER_BYTES} bytes
 * to check the version a writer read (optimistic concurrency) without decoding anything. A record
 * of another format is refused with {@link UnsupportedFormatException}.
 *
 * <p>This class and {@link HistorySeries} are the only code that knows the stored shape.
 */
public final class AccountRecord {
  /** The record format this code reads and writes. */
  public static final int FORMAT = 3;

  /** Format byte plus write version. */
  public static final int HEADER_BYTES = 9;

  private static final int HAS_SCORE = 1;
  private static final int HAS_PERSON = 2;
  private static final int HAS_SNAPSHOT = 4;
  private static final int HAS_SWEPT_DAY = 8;
  private static final int HAS_HISTORY = 16;
  private static final int HAS_AMPLIFICATION = 32;
  private static final int HAS_AUTHORITY = 64;
  private static final int HAS_POSTING = 128;
  private static final int HAS_ENGAGERS = 256;
  private static final int HAS_AUTHORED = 512;
  private static final int HAS_GIVEN = 1024;
  private static final int HAS_RECEIVED = 2048;

  /** Write version of the stored record; 0 for an account never stored. */
  public long version;

  /** The model state (mutable: the scorer applies events to it). */
  public final AccountState state;

  /** The latest score, or null when the account has none. */
  public Score score;

  /** The person the account is linked to, or null. */
  public String personId;

  /**
   * Epoch day of the last point of the account's {@link HistorySeries} ({@link Long#MIN_VALUE} when
   * it has none): tells a writer whether its first point replaces the last one stored or follows
   * it, without reading the series.
   */
  public long lastHistoryDay = Long.MIN_VALUE;

  /**
   * The latest score as evaluated from the state.
   *
   * @param scoredAtMs the evaluation time: the end of the evaluation day
   * @param updatedMs wall-clock time of the write
   * @param topicRaws raw score per topic
   */
  public record Score(
      double raw,
      Components components,
      long distinctEngagers,
      long scoredAtMs,
      long updatedMs,
      String modelVersion,
      Map<String, Double> topicRaws) {}

  public AccountRecord(long version, AccountState state) {
    this.version = version;
    this.state = state;
  }

  /** An account never stored. */
  public static AccountRecord empty() {
    return new AccountRecord(0, new AccountState());
  }

  public boolean exists() {
    return version > 0;
  }

  /** The bytes a stored record of {@code version} starts with; empty for version 0 (absent). */
  public static byte[] header(long version) {
    if (version == 0) {
      return new byte[0];
    }
    return new Bytes.Writer(HEADER_BYTES).u8(FORMAT).i64(version).toByteArray();
  }

  /** The write version of stored bytes (0 for null or empty), without decoding the body. */
  public static long versionOf(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return 0;
    }
    checkFormat(bytes);
    return new Bytes.Reader(bytes, 1).i64();
  }

  /**
   * The record encoded with write version {@code newVersion}.
   *
   * @throws IllegalStateException when a stored number is not finite (NaN or infinite): such a
   *     value would never decay away, so it is refused rather than stored
   */
  public byte[] encode(long newVersion) {
    AccountState s = state;
    requireFinite(s.amplification, "amplification");
    requireFinite(s.authority, "authority");
    requireFinite(s.posting, "posting");
    requireFinite(s.engagers, "distinct engagers");
    requireFinite(s.authored, "interactions given");
    s.topics.forEach((topic, mass) -> requireFinite(mass, "topic " + topic));
    s.engagerTable.forEach((engager, p) -> requireFinite(p.scaledMass, "pair mass of " + engager));
    if (score != null) {
      requireFinite(score.raw(), "raw score");
    }
    Bytes.Writer w = new Bytes.Writer(128 + 24 * s.engagerTable.size() + 24 * s.topics.size());
    w.u8(FORMAT).i64(newVersion);
    // Absent parts cost one flag bit, not their bytes: an account that only engages others (most
    // accounts) then fits Redis's embedded-string encoding.
    int flags =
        (score != null ? HAS_SCORE : 0)
            | (personId != null ? HAS_PERSON : 0)
            | (s.snapshotMs >= 0 || s.followers != 0 || s.following != 0 || s.posts != 0
                ? HAS_SNAPSHOT
                : 0)
            | (s.sweptDay != Long.MIN_VALUE ? HAS_SWEPT_DAY : 0)
            | (lastHistoryDay != Long.MIN_VALUE ? HAS_HISTORY : 0)
            | (s.amplification != 0 ? HAS_AMPLIFICATION : 0)
            | (s.authority != 0 ? HAS_AUTHORITY : 0)
            | (s.posting != 0 ? HAS_POSTING : 0)
            | (s.engagers != 0 ? HAS_ENGAGERS : 0)
            | (s.authored != 0 ? HAS_AUTHORED : 0)
            | (s.givenDay != -1 || s.givenCount != 0 || s.lastGivenMs != -1 ? HAS_GIVEN : 0)
            | (s.interactions != 0 || s.lastEventMs != -1 ? HAS_RECEIVED : 0);
    w.varint(flags);
    if ((flags & HAS_SNAPSHOT) != 0) {
      w.varint(s.followers).varint(s.following).varint(s.posts).zigzag(s.snapshotMs);
    }
    if ((flags & HAS_AMPLIFICATION) != 0) {
      w.f64(s.amplification);
    }
    if ((flags & HAS_AUTHORITY) != 0) {
      w.f64(s.authority);
    }
    if ((flags & HAS_POSTING) != 0) {
      w.f64(s.posting);
    }
    if ((flags & HAS_ENGAGERS) != 0) {
      w.f64(s.engagers);
    }
    if ((flags & HAS_AUTHORED) != 0) {
      w.f64(s.authored);
    }
    if ((flags & HAS_GIVEN) != 0) {
      w.zigzag(s.givenDay).varint(s.givenCount).zigzag(s.lastGivenMs);
    }
    if (s.sweptDay != Long.MIN_VALUE) {
      w.zigzag(s.sweptDay);
    }
    if ((flags & HAS_RECEIVED) != 0) {
      w.varint(s.interactions).zigzag(s.lastEventMs);
    }
    if (score != null) {
      Components c = score.components();
      w.f64(score.raw())
          .f32((float) c.reach())
          .f32((float) c.amplification())
          .f32((float) c.authority())
          .f32((float) c.activity());
      w.varint(score.distinctEngagers())
          .zigzag(score.scoredAtMs())
          .zigzag(score.updatedMs())
          .string(score.modelVersion());
      w.varint(score.topicRaws().size());
      new TreeMap<>(score.topicRaws()).forEach((topic, raw) -> w.string(topic).f64(raw));
    }
    if (personId != null) {
      w.string(personId);
    }
    if (lastHistoryDay != Long.MIN_VALUE) {
      w.zigzag(lastHistoryDay);
    }
    // The tables come last, so that a reader of the score alone can stop before them.
    w.varint(s.topics.size());
    // Sorted: a hash map's order depends on its history, and equal states must give equal bytes.
    new TreeMap<>(s.topics).forEach((topic, mass) -> w.string(topic).f64(mass));
    w.varint(s.engagerTable.size());
    s.engagerTable.forEach((engager, p) -> w.string(engager).f64(p.scaledMass).zigzag(p.lastMs));
    return w.toByteArray();
  }

  /**
   * Decodes stored bytes; null or empty bytes are an account never stored.
   *
   * @throws UnsupportedFormatException for a record of another format
   * @throws IllegalArgumentException for a corrupt record
   */
  public static AccountRecord decode(byte[] bytes) {
    return decode(bytes, true);
  }

  /**
   * Decodes the record without its topic masses and engager table (left empty): what a score
   * look-up needs, at a fraction of the cost for an account with many engagers. Such a record must
   * not be encoded back.
   */
  public static AccountRecord decodeScore(byte[] bytes) {
    return decode(bytes, false);
  }

  private static AccountRecord decode(byte[] bytes, boolean withTables) {
    if (bytes == null || bytes.length == 0) {
      return empty();
    }
    checkFormat(bytes);
    Bytes.Reader r = new Bytes.Reader(bytes, 1);
    AccountState s = new AccountState();
    AccountRecord rec = new AccountRecord(r.i64(), s);
    int flags = (int) r.varint();
    if ((flags & HAS_SNAPSHOT) != 0) {
      s.followers = r.varint();
      s.following = r.varint();
      s.posts = r.varint();
      s.snapshotMs = r.zigzag();
    }
    if ((flags & HAS_AMPLIFICATION) != 0) {
      s.amplification = r.f64();
    }
    if ((flags & HAS_AUTHORITY) != 0) {
      s.authority = r.f64();
    }
    if ((flags & HAS_POSTING) != 0) {
      s.posting = r.f64();
    }
    if ((flags & HAS_ENGAGERS) != 0) {
      s.engagers = r.f64();
    }
    if ((flags & HAS_AUTHORED) != 0) {
      s.authored = r.f64();
    }
    if ((flags & HAS_GIVEN) != 0) {
      s.givenDay = r.zigzag();
      s.givenCount = r.varint();
      s.lastGivenMs = r.zigzag();
    }
    if ((flags & HAS_SWEPT_DAY) != 0) {
      s.sweptDay = r.zigzag();
    }
    if ((flags & HAS_RECEIVED) != 0) {
      s.interactions = r.varint();
      s.lastEventMs = r.zigzag();
    }
    if ((flags & HAS_SCORE) != 0) {
      double raw = r.f64();
      Components c = new Components(r.f32(), r.f32(), r.f32(), r.f32());
      long distinct = r.varint();
      long scoredAt = r.zigzag();
      long updated = r.zigzag();
      String model = r.string();
      long n = r.varint();
      Map<String, Double> topicRaws = new LinkedHashMap<>();
      for (long i = 0; i < n; i++) {
        topicRaws.put(r.string(), r.f64());
      }
      rec.score = new Score(raw, c, distinct, scoredAt, updated, model, topicRaws);
    }
    if ((flags & HAS_PERSON) != 0) {
      rec.personId = r.string();
    }
    if ((flags & HAS_HISTORY) != 0) {
      rec.lastHistoryDay = r.zigzag();
    }
    if (!withTables) {
      return rec;
    }
    long topics = r.varint();
    for (long i = 0; i < topics; i++) {
      s.topics.put(r.string(), r.f64());
    }
    long engagers = r.varint();
    for (long i = 0; i < engagers; i++) {
      s.engagerTable.restore(r.string(), r.f64(), r.zigzag());
    }
    if (!r.atEnd()) {
      throw new IllegalArgumentException(
          "account record has " + (bytes.length - r.position()) + " bytes after its end");
    }
    return rec;
  }

  private static void requireFinite(double x, String what) {
    if (!Double.isFinite(x)) {
      throw new IllegalStateException("refusing to store a non-finite " + what + " (" + x + ")");
    }
  }

  private static void checkFormat(byte[] bytes) {
    if ((bytes[0] & 0xFF) != FORMAT) {
      throw new UnsupportedFormatException(bytes[0] & 0xFF);
    }
  }

  /** Whether two stored byte strings carry the same header (format and version). */
  public static boolean sameHeader(byte[] a, byte[] b) {
    int la = a == null ? 0 : Math.min(a.length, HEADER_BYTES);
    int lb = b == null ? 0 : Math.min(b.length, HEADER_BYTES);
    return la == lb && (la == 0 || Arrays.equals(a, 0, la, b, 0, lb));
  }

  /** A stored record this code cannot read: written by another layout of Sway. */
  public static final class UnsupportedFormatException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnsupportedFormatException(int format) {
      super(
          "account record of format "
              + format
              + " (this Sway reads format "
              + FORMAT
              + "); see docs/operations.md, 'Storage layout'");
    }
  }
}
