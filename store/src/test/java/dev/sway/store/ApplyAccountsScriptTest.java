package dev.sway.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.local.LocalRedis;
import dev.sway.model.AccountState;
import dev.sway.model.Components;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code apply-accounts.lua} against a real Redis. */
class ApplyAccountsScriptTest {
  private static final String MEMBER = "x:alice";
  private static final String RECORD = RedisKeys.account(MEMBER);
  private static final String HISTORY = RedisKeys.history(MEMBER);
  private static final String HISTOGRAM = RedisKeys.CALIBRATION_HISTOGRAM;
  private static final String IDS_A = RedisKeys.events(MEMBER, 730);
  private static final String IDS_B = RedisKeys.events(MEMBER, 731);
  private static final String MODEL = "sway-3-hl7.0";
  private static final long TTL_SECONDS = 3_000_000;

  static LocalRedis redis;
  static RedisConnector connector;
  static Scripts script;
  static RedisClusterCommands<String, byte[]> sync;

  @BeforeAll
  static void start() throws Exception {
    redis = LocalRedis.start();
    connector = RedisConnector.connect(redis.uri(), 5000);
    script = Scripts.load(connector.binary(), "apply-accounts.lua");
    sync = connector.binarySync();
  }

  @AfterAll
  static void stop() {
    if (connector != null) {
      connector.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @BeforeEach
  void empty() {
    sync.flushall();
  }

  /** One account of a call: its keys and its arguments, built up by the test. */
  static final class Write {
    final String member;
    final byte[] expectedHeader;
    final byte[] record;
    List<HistoryPoint> points = List.of();
    boolean overwrite;
    String oldBucket = "";
    String newBucket = "";
    final List<String> idKeys = new ArrayList<>();
    final List<List<String>> ids = new ArrayList<>();

    /** A write of {@link #MEMBER}. */
    Write(byte[] expectedHeader, byte[] record) {
      this(MEMBER, expectedHeader, record);
    }

    Write(String member, byte[] expectedHeader, byte[] record) {
      this.member = member;
      this.expectedHeader = expectedHeader;
      this.record = record;
    }

    /** Points appended to the series (mode "a"). */
    Write points(HistoryPoint... p) {
      points = List.of(p);
      overwrite = false;
      return this;
    }

    /** Points whose first replaces the last one stored (mode "o"). */
    Write replacing(HistoryPoint... p) {
      points = List.of(p);
      overwrite = true;
      return this;
    }

    Write buckets(String oldBucket, String newBucket) {
      this.oldBucket = oldBucket;
      this.newBucket = newBucket;
      return this;
    }

    Write ids(String key, String... eventIds) {
      idKeys.add(key);
      ids.add(List.of(eventIds));
      return this;
    }

    /** This account alone in one call. */
    List<Object> run() throws Exception {
      return apply(this);
    }
  }

  /** One call of the script carrying {@code writes}, in order. */
  static List<Object> apply(Write... writes) throws Exception {
    ApplyAccountsCall call =
        ApplyAccountsCall.toHistogram(Long.toString(TTL_SECONDS).getBytes(UTF_8));
    for (Write w : writes) {
      call.account(
          w.member,
          w.expectedHeader,
          w.record,
          HistorySeries.encode(w.points),
          w.overwrite,
          bucket(w.oldBucket),
          bucket(w.newBucket));
      for (int s = 0; s < w.ids.size(); s++) {
        call.ids(w.idKeys.get(s), w.ids.get(s).stream().mapToLong(EventIds::hash).toArray());
      }
    }
    return script
        .<List<Object>, byte[]>run(
            connector.binary(), ScriptOutputType.MULTI, call.keys(), call.args())
        .toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  private static int bucket(String b) {
    return b.isEmpty() ? -1 : Integer.parseInt(b);
  }

  static byte[] record(long version, double raw) {
    AccountState s = new AccountState();
    s.interactions = version;
    s.lastEventMs = 1_780_000_000_000L + version;
    s.topics.put("jazz", raw);
    s.engagerTable.restore("x:bob", raw, 1_780_000_000_000L);
    AccountRecord rec = new AccountRecord(version - 1, s);
    rec.score =
        new AccountRecord.Score(
            raw, new Components(1, 2, 3, 4), 1, 0, 0, MODEL, Map.of("jazz", raw));
    rec.lastHistoryDay = 20_000 + version;
    return rec.encode(version);
  }

  static HistoryPoint point(long day, double raw) {
    return new HistoryPoint(day, 10, 20, 30, 40, raw, MODEL);
  }

  static TreeMap<Long, HistoryPoint> history() {
    return history(MEMBER);
  }

  static TreeMap<Long, HistoryPoint> history(String member) {
    return HistorySeries.decode(sync.get(RedisKeys.history(member)), MODEL);
  }

  /** Days of the stored series in stored order (duplicates kept). */
  static List<Long> storedDays() {
    byte[] b = sync.get(HISTORY);
    List<Long> days = new ArrayList<>();
    for (int i = 0;
        b != null && i + HistorySeries.POINT_BYTES <= b.length;
        i += HistorySeries.POINT_BYTES) {
      days.add((long) ((b[i] & 0xFF) << 16 | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF)));
    }
    return days;
  }

  /** The histogram counter of {@code bucket}: a big-endian u32 at byte 4 × bucket. */
  static long counter(int bucket) {
    byte[] h = sync.get(HISTOGRAM);
    if (h == null || h.length < 4 * bucket + 4) {
      return 0;
    }
    int at = 4 * bucket;
    return ((long) (h[at] & 0xFF) << 24)
        | ((h[at + 1] & 0xFF) << 16)
        | ((h[at + 2] & 0xFF) << 8)
        | (h[at + 3] & 0xFF);
  }

  static Set<Long> storedIds(String key) {
    return sync.smembers(key).stream()
        .map(b -> Long.parseLong(new String(b, UTF_8)))
        .collect(Collectors.toSet());
  }

  static Set<Long> hashes(String... eventIds) {
    return Arrays.stream(eventIds).map(EventIds::hash).collect(Collectors.toSet());
  }

  private static final Pattern BITFIELD_CALLS = Pattern.compile("cmdstat_bitfield:calls=(\\d+)");

  /** BITFIELD calls since the last {@code CONFIG RESETSTAT}, the scripts' included. */
  static long bitfieldCalls() {
    Matcher m = BITFIELD_CALLS.matcher(sync.info("commandstats"));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  @Test
  void firstWriteWithNoHeaderStores() throws Exception {
    byte[] v1 = record(1, 5.0);
    List<Object> reply =
        new Write(AccountRecord.header(0), v1)
            .points(point(20_000, 5.0))
            .buckets("", "5000")
            .ids(IDS_A, "e1", "e2")
            .run();

    assertThat(reply).containsExactly(1L);
    assertThat(sync.get(RECORD)).isEqualTo(v1);
    AccountRecord stored = AccountRecord.decode(sync.get(RECORD));
    assertThat(stored.version).isEqualTo(1);
    assertThat(stored.lastHistoryDay).isEqualTo(20_001);
    assertThat(history().keySet()).containsExactly(20_000L);
    assertThat(storedIds(IDS_A)).isEqualTo(hashes("e1", "e2"));
    assertThat(counter(5000)).isEqualTo(1);
  }

  @Test
  void aStaleHeaderWritesNothingAndReturnsTheStoredRecord() throws Exception {
    byte[] v1 = record(1, 5.0);
    assertThat(
            new Write(new byte[0], v1)
                .points(point(20_000, 5.0))
                .buckets("", "5000")
                .ids(IDS_A, "e1")
                .run())
        .containsExactly(1L);
    byte[] historyBefore = sync.get(HISTORY);
    byte[] histogramBefore = sync.get(HISTOGRAM);
    long ttlBefore = sync.ttl(IDS_A);

    // A writer that read no record, and one that read a version other than the stored one; in
    // both modes of history.
    for (byte[] stale :
        new byte[][] {new byte[0], AccountRecord.header(2), AccountRecord.header(7)}) {
      for (boolean overwrite : new boolean[] {false, true}) {
        Write w =
            new Write(stale, record(2, 9.0))
                .buckets("5000", "9000")
                .ids(IDS_A, "e2")
                .ids(IDS_B, "e3");
        List<Object> reply =
            (overwrite ? w.replacing(point(20_000, 9.0)) : w.points(point(20_001, 9.0))).run();
        assertThat(reply).hasSize(1);
        assertThat((byte[]) reply.get(0)).isEqualTo(v1);
        assertThat(AccountRecord.versionOf((byte[]) reply.get(0))).isEqualTo(1);

        assertThat(sync.get(RECORD)).isEqualTo(v1);
        assertThat(sync.get(HISTORY)).isEqualTo(historyBefore);
        assertThat(sync.get(HISTOGRAM)).isEqualTo(histogramBefore);
        assertThat(storedIds(IDS_A)).isEqualTo(hashes("e1"));
        assertThat(sync.exists(IDS_B)).isZero();
        assertThat(sync.ttl(IDS_A)).isBetween(ttlBefore - 5, ttlBefore);
      }
    }

    // The header of the stored record is the right one.
    List<Object> reply =
        new Write(AccountRecord.header(1), record(2, 9.0))
            .points(point(20_001, 9.0))
            .buckets("5000", "9000")
            .ids(IDS_A, "e2")
            .ids(IDS_B, "e3")
            .run();
    assertThat(reply).containsExactly(1L);
    assertThat(sync.get(RECORD)).isEqualTo(record(2, 9.0));
    assertThat(history().keySet()).containsExactly(20_000L, 20_001L);
    assertThat(storedIds(IDS_A)).isEqualTo(hashes("e1", "e2"));
    assertThat(storedIds(IDS_B)).isEqualTo(hashes("e3"));
    assertThat(counter(5000)).isZero();
    assertThat(counter(9000)).isEqualTo(1);
  }

  @Test
  void aHeaderWhenNothingIsStoredIsStale() throws Exception {
    List<Object> reply =
        new Write(AccountRecord.header(1), record(2, 1.0))
            .points(point(20_000, 1.0))
            .buckets("", "1000")
            .ids(IDS_A, "e1")
            .run();
    assertThat(reply).hasSize(1);
    assertThat((byte[]) reply.get(0)).isEmpty();
    assertThat(AccountRecord.decode((byte[]) reply.get(0)).exists()).isFalse();
    assertThat(sync.exists(RECORD, HISTORY, HISTOGRAM, IDS_A)).isZero();
  }

  @Test
  void severalAccountsInOneCallAreEachStoredOrRefused() throws Exception {
    String bob = "x:bob";
    String carol = "x:carol";
    String dave = "x:dave";
    String bobIds1 = RedisKeys.events(bob, 730);
    String bobIds2 = RedisKeys.events(bob, 731);
    String carolIds1 = RedisKeys.events(carol, 730);
    String carolIds2 = RedisKeys.events(carol, 731);
    String daveIds = RedisKeys.events(dave, 731);

    // Alice and Bob are stored, Bob at version 3.
    byte[] alice1 = record(1, 5.0);
    byte[] bob3 = record(3, 3.0);
    assertThat(
            apply(
                new Write(MEMBER, new byte[0], alice1)
                    .points(point(100, 5.0))
                    .buckets("", "5000")
                    .ids(IDS_A, "a0"),
                new Write(bob, new byte[0], bob3)
                    .points(point(100, 3.0))
                    .buckets("", "3000")
                    .ids(bobIds1, "b0")))
        .containsExactly(1L, 1L);
    assertThat(counter(5000)).isEqualTo(1);
    assertThat(counter(3000)).isEqualTo(1);
    byte[] bobHistory = sync.get(RedisKeys.history(bob));
    long bobTtl = sync.ttl(bobIds1);

    // Alice read version 1 (current); Bob's writer read version 2 (stale), with two sets of ids;
    // Carol is new, with two sets of ids; Dave's writer read a version while none is stored.
    sync.configResetstat();
    List<Object> reply =
        apply(
            new Write(MEMBER, AccountRecord.header(1), record(2, 6.0))
                .replacing(point(100, 6.0))
                .buckets("5000", "6000")
                .ids(IDS_A, "a1"),
            new Write(bob, AccountRecord.header(2), record(4, 9.0))
                .points(point(101, 9.0))
                .buckets("3000", "9000")
                .ids(bobIds1, "b1")
                .ids(bobIds2, "b2", "b3"),
            new Write(carol, new byte[0], record(1, 6.0))
                .points(point(100, 6.0))
                .buckets("", "6000")
                .ids(carolIds1, "c1", "c2")
                .ids(carolIds2, "c3"),
            new Write(dave, AccountRecord.header(1), record(2, 7.0))
                .points(point(100, 7.0))
                .buckets("", "7000")
                .ids(daveIds, "d1"));

    // One element per account, in call order.
    assertThat(reply).hasSize(4);
    assertThat(reply.get(0)).isEqualTo(1L);
    assertThat((byte[]) reply.get(1)).isEqualTo(bob3);
    assertThat(reply.get(2)).isEqualTo(1L);
    assertThat((byte[]) reply.get(3)).isEmpty();

    // The stored accounts are written whole...
    assertThat(sync.get(RECORD)).isEqualTo(record(2, 6.0));
    assertThat(storedDays()).containsExactly(100L);
    assertThat(history().get(100L).raw()).isEqualTo(6.0);
    assertThat(storedIds(IDS_A)).isEqualTo(hashes("a0", "a1"));
    assertThat(sync.get(RedisKeys.account(carol))).isEqualTo(record(1, 6.0));
    assertThat(history(carol).keySet()).containsExactly(100L);
    assertThat(storedIds(carolIds1)).isEqualTo(hashes("c1", "c2"));
    assertThat(storedIds(carolIds2)).isEqualTo(hashes("c3"));
    assertThat(sync.ttl(carolIds1)).isBetween(TTL_SECONDS - 5, TTL_SECONDS);
    assertThat(sync.ttl(carolIds2)).isBetween(TTL_SECONDS - 5, TTL_SECONDS);

    // ...and nothing of the refused ones is.
    assertThat(sync.get(RedisKeys.account(bob))).isEqualTo(bob3);
    assertThat(sync.get(RedisKeys.history(bob))).isEqualTo(bobHistory);
    assertThat(storedIds(bobIds1)).isEqualTo(hashes("b0"));
    assertThat(sync.ttl(bobIds1)).isBetween(bobTtl - 5, bobTtl);
    assertThat(sync.exists(bobIds2)).isZero();
    assertThat(sync.exists(RedisKeys.account(dave), RedisKeys.history(dave), daveIds)).isZero();

    // Only the stored accounts moved the histogram, all in one BITFIELD.
    assertThat(counter(5000)).isZero();
    assertThat(counter(6000)).isEqualTo(2);
    assertThat(counter(3000)).isEqualTo(1);
    assertThat(counter(9000)).isZero();
    assertThat(counter(7000)).isZero();
    assertThat(bitfieldCalls()).isEqualTo(1);

    // A call whose accounts are all refused, or move no bucket, runs no BITFIELD.
    sync.configResetstat();
    byte[] histogramBefore = sync.get(HISTOGRAM);
    assertThat(
            apply(
                new Write(bob, AccountRecord.header(2), record(4, 9.0)).buckets("3000", "9000"),
                new Write(dave, AccountRecord.header(1), record(2, 7.0)).buckets("", "7000")))
        .hasSize(2);
    assertThat(
            apply(
                new Write(MEMBER, AccountRecord.header(2), record(3, 6.0)).buckets("6000", "6000")))
        .containsExactly(1L);
    assertThat(sync.get(HISTOGRAM)).isEqualTo(histogramBefore);
    assertThat(bitfieldCalls()).isZero();
  }

  @Test
  void theLastAccountsOfACallAreStoredAfterRefusedOnes() throws Exception {
    // Refused accounts' set keys and ids are skipped: the accounts after them keep their own.
    byte[] bob1 = record(1, 1.0);
    new Write("x:bob", new byte[0], bob1).run();
    String bobIds = RedisKeys.events("x:bob", 730);
    String bobIds2 = RedisKeys.events("x:bob", 731);
    List<Object> reply =
        apply(
            new Write("x:bob", new byte[0], record(2, 2.0))
                .ids(bobIds, "b1", "b2", "b3")
                .ids(bobIds2, "b4"),
            new Write("x:bob", AccountRecord.header(5), record(6, 2.0)).ids(bobIds, "b5"),
            new Write(MEMBER, new byte[0], record(1, 1.0)).ids(IDS_A, "a1").ids(IDS_B, "a2", "a3"));
    assertThat(reply).hasSize(3);
    assertThat((byte[]) reply.get(0)).isEqualTo(bob1);
    assertThat((byte[]) reply.get(1)).isEqualTo(bob1);
    assertThat(reply.get(2)).isEqualTo(1L);
    assertThat(sync.exists(bobIds, bobIds2)).isZero();
    assertThat(storedIds(IDS_A)).isEqualTo(hashes("a1"));
    assertThat(storedIds(IDS_B)).isEqualTo(hashes("a2", "a3"));
  }

  @Test
  void historyReplacesTheLastPointOrAppends() throws Exception {
    long v = 0;
    new Write(AccountRecord.header(v), record(++v, 1.0)).points(point(100, 1.0)).run();
    // The same day as the last point, written as a replacement: replaced.
    new Write(AccountRecord.header(v), record(++v, 2.0)).replacing(point(100, 2.0)).run();
    assertThat(storedDays()).containsExactly(100L);
    assertThat(history().get(100L).raw()).isEqualTo(2.0);

    // A new day: appended.
    new Write(AccountRecord.header(v), record(++v, 3.0)).points(point(101, 3.0)).run();
    assertThat(storedDays()).containsExactly(100L, 101L);

    // A late event of an earlier day: appended after the later day.
    new Write(AccountRecord.header(v), record(++v, 4.0)).points(point(100, 4.0)).run();
    assertThat(storedDays()).containsExactly(100L, 101L, 100L);
    // The last stored point of a day wins when read.
    TreeMap<Long, HistoryPoint> read = history();
    assertThat(read.keySet()).containsExactly(100L, 101L);
    assertThat(read.get(100L).raw()).isEqualTo(4.0);
    assertThat(read.get(101L).raw()).isEqualTo(3.0);
    assertThat(read.get(100L).modelVersion()).isEqualTo(MODEL);

    // That late day is now the last point, so another point of it replaces it.
    new Write(AccountRecord.header(v), record(++v, 4.5)).replacing(point(100, 4.5)).run();
    assertThat(storedDays()).containsExactly(100L, 101L, 100L);
    assertThat(history().get(100L).raw()).isEqualTo(4.5);
    assertThat(history().get(101L).raw()).isEqualTo(3.0);

    // Several points at once, the first of the last stored day: it replaces that one and the
    // rest follow.
    new Write(AccountRecord.header(v), record(++v, 6.0))
        .replacing(point(100, 5.0), point(101, 5.5), point(102, 6.0))
        .run();
    assertThat(storedDays()).containsExactly(100L, 101L, 100L, 101L, 102L);
    read = history();
    assertThat(read.get(100L).raw()).isEqualTo(5.0);
    assertThat(read.get(101L).raw()).isEqualTo(5.5);
    assertThat(read.get(102L).raw()).isEqualTo(6.0);

    // Several points appended.
    new Write(AccountRecord.header(v), record(++v, 7.0))
        .points(point(103, 6.5), point(104, 7.0))
        .run();
    assertThat(storedDays()).containsExactly(100L, 101L, 100L, 101L, 102L, 103L, 104L);

    // No points: the series is left as it is, in either mode.
    byte[] before = sync.get(HISTORY);
    new Write(AccountRecord.header(v), record(++v, 7.0)).run();
    new Write(AccountRecord.header(v), record(++v, 7.0)).replacing().run();
    assertThat(sync.get(HISTORY)).isEqualTo(before);
    assertThat(AccountRecord.versionOf(sync.get(RECORD))).isEqualTo(v);
  }

  @Test
  void aReplacementOnAnEmptyHistoryAppends() throws Exception {
    // No series at all.
    assertThat(new Write(new byte[0], record(1, 1.0)).replacing(point(100, 1.0)).run())
        .containsExactly(1L);
    assertThat(storedDays()).containsExactly(100L);

    // An empty series, and one shorter than a point: nothing to replace, the points follow.
    for (byte[] seeded : new byte[][] {new byte[0], new byte[HistorySeries.POINT_BYTES - 1]}) {
      sync.flushall();
      sync.set(HISTORY, seeded);
      assertThat(
              new Write(new byte[0], record(1, 2.0))
                  .replacing(point(100, 2.0), point(101, 3.0))
                  .run())
          .containsExactly(1L);
      assertThat(sync.strlen(HISTORY)).isEqualTo(seeded.length + 2L * HistorySeries.POINT_BYTES);
      byte[] stored = sync.get(HISTORY);
      assertThat(Arrays.copyOfRange(stored, seeded.length, stored.length))
          .isEqualTo(HistorySeries.encode(List.of(point(100, 2.0), point(101, 3.0))));
    }

    // A series of exactly one point: that point is replaced.
    sync.flushall();
    sync.set(HISTORY, HistorySeries.encode(List.of(point(99, 1.0))));
    new Write(new byte[0], record(1, 2.0)).replacing(point(99, 2.0)).run();
    assertThat(storedDays()).containsExactly(99L);
    assertThat(history().get(99L).raw()).isEqualTo(2.0);
  }

  @Test
  void historyIsCompactedToTheLatestYearBeyond730Points() throws Exception {
    // 600 days, then 130 late points of days already there: 730 points, the compaction limit.
    List<HistoryPoint> seeded = new ArrayList<>();
    for (long day = 1000; day < 1600; day++) {
      seeded.add(point(day, 1.0));
    }
    for (long day = 1400; day < 1530; day++) {
      seeded.add(point(day, 2.0));
    }
    assertThat(seeded).hasSize(HistorySeries.COMPACT_AT_POINTS);
    sync.set(HISTORY, HistorySeries.encode(seeded.subList(0, seeded.size() - 1)));
    sync.set(RECORD, record(1, 1.0));

    // 729 + 1 = 730 points: not yet compacted.
    new Write(AccountRecord.header(1), record(2, 2.0)).points(point(1529, 2.0)).run();
    assertThat(sync.strlen(HISTORY)).isEqualTo(730L * HistorySeries.POINT_BYTES);
    // A replacement keeps the length, so it does not compact either.
    new Write(AccountRecord.header(2), record(3, 2.0)).replacing(point(1529, 2.0)).run();
    assertThat(sync.strlen(HISTORY)).isEqualTo(730L * HistorySeries.POINT_BYTES);

    // One more point: compacted to one point per day, in day order, over the latest 365 days.
    new Write(AccountRecord.header(3), record(4, 3.0)).points(point(1600, 3.0)).run();
    assertCompactedTo1600();
  }

  @Test
  void aReplacementThatLengthensTheSeriesBeyond730PointsCompactsIt() throws Exception {
    List<HistoryPoint> seeded = new ArrayList<>();
    for (long day = 1000; day < 1600; day++) {
      seeded.add(point(day, 1.0));
    }
    for (long day = 1400; day < 1530; day++) {
      seeded.add(point(day, 2.0));
    }
    sync.set(HISTORY, HistorySeries.encode(seeded));
    sync.set(RECORD, record(1, 1.0));

    // The first point replaces the last stored one (day 1529), the second makes 731 points.
    new Write(AccountRecord.header(1), record(2, 3.0))
        .replacing(point(1529, 2.0), point(1600, 3.0))
        .run();
    assertCompactedTo1600();
  }

  private static void assertCompactedTo1600() {
    List<Long> days = storedDays();
    assertThat(days).hasSize(HistorySeries.DAYS_KEPT);
    assertThat(days.get(0)).isEqualTo(1600L - HistorySeries.DAYS_KEPT + 1);
    assertThat(days.get(days.size() - 1)).isEqualTo(1600L);
    for (int i = 1; i < days.size(); i++) {
      assertThat(days.get(i)).isEqualTo(days.get(i - 1) + 1);
    }
    TreeMap<Long, HistoryPoint> read = history();
    // The late points won over the earlier ones of their day.
    for (long day = 1400; day < 1530; day++) {
      assertThat(read.get(day).raw()).as("day %d", day).isEqualTo(2.0);
    }
    assertThat(read.get(1399L).raw()).isEqualTo(1.0);
    assertThat(read.get(1530L).raw()).isEqualTo(1.0);
    assertThat(read.get(1600L).raw()).isEqualTo(3.0);
  }

  @Test
  void historyWrittenDayByDayStaysBounded() throws Exception {
    long v = 0;
    long last = 2 * HistorySeries.COMPACT_AT_POINTS + 9;
    for (long day = 0; day <= last; day++) {
      // A first write of the day appends, a second one replaces it.
      assertThat(
              new Write(AccountRecord.header(v), record(v + 1, 1.0))
                  .points(point(day, day / 200.0))
                  .run())
          .containsExactly(1L);
      v++;
      assertThat(
              new Write(AccountRecord.header(v), record(v + 1, 1.0))
                  .replacing(point(day, day / 100.0))
                  .run())
          .containsExactly(1L);
      v++;
      assertThat(sync.strlen(HISTORY))
          .isLessThanOrEqualTo((long) HistorySeries.COMPACT_AT_POINTS * HistorySeries.POINT_BYTES);
    }
    TreeMap<Long, HistoryPoint> read = history();
    assertThat(read.lastKey()).isEqualTo(last);
    assertThat(read.get(last).raw()).isEqualTo(last / 100.0);
    assertThat(read.get(last - 1).raw()).isEqualTo((last - 1) / 100.0);
    assertThat(read.firstKey()).isGreaterThan(last - HistorySeries.COMPACT_AT_POINTS);
  }

  @Test
  void idsAreStoredAsIntegersWithATtl() throws Exception {
    String[] many = new String[300];
    for (int i = 0; i < many.length; i++) {
      many[i] = "x:alice/post/" + i + ":like:x:fan" + i;
    }
    new Write(new byte[0], record(1, 1.0)).ids(IDS_A, many).ids(IDS_B, "late-1", "late-2").run();

    assertThat(storedIds(IDS_A)).isEqualTo(hashes(many));
    assertThat(storedIds(IDS_B)).isEqualTo(hashes("late-1", "late-2"));
    assertThat(sync.objectEncoding(IDS_A)).isEqualTo("intset");
    assertThat(sync.objectEncoding(IDS_B)).isEqualTo("intset");
    assertThat(sync.ttl(IDS_A)).isBetween(TTL_SECONDS - 5, TTL_SECONDS);
    assertThat(sync.ttl(IDS_B)).isBetween(TTL_SECONDS - 5, TTL_SECONDS);

    // A repeated id is one member; a later write refreshes the TTL of the sets it adds to only.
    sync.expire(IDS_A, 100);
    sync.expire(IDS_B, 100);
    new Write(AccountRecord.header(1), record(2, 1.0)).ids(IDS_A, many[0], "new-one").run();
    assertThat(sync.scard(IDS_A)).isEqualTo(301L);
    assertThat(sync.ttl(IDS_A)).isBetween(TTL_SECONDS - 5, TTL_SECONDS);
    assertThat(sync.objectEncoding(IDS_A)).isEqualTo("intset");
    assertThat(sync.ttl(IDS_B)).isBetween(95L, 100L);
  }

  @Test
  void manyIdsInOneWriteAreAllAdded() throws Exception {
    // More than the script adds per SADD call.
    String[] many = new String[1_234];
    for (int i = 0; i < many.length; i++) {
      many[i] = "evt-" + i;
    }
    new Write(new byte[0], record(1, 1.0)).ids(IDS_A, "only").ids(IDS_B, many).run();
    assertThat(storedIds(IDS_A)).isEqualTo(hashes("only"));
    assertThat(storedIds(IDS_B)).isEqualTo(hashes(many));
  }

  @Test
  void histogramCountersMoveFromTheOldBucketToTheNew() throws Exception {
    new Write(new byte[0], record(1, 5.0)).buckets("", "5000").run();
    assertThat(counter(5000)).isEqualTo(1);
    assertThat(sync.strlen(HISTOGRAM)).isEqualTo(4L * 5001);

    // Another account in the same bucket.
    assertThat(new Write("x:carol", new byte[0], record(1, 5.0)).buckets("", "5000").run())
        .containsExactly(1L);
    assertThat(counter(5000)).isEqualTo(2);

    // Moves one count.
    new Write(AccountRecord.header(1), record(2, 7.0)).buckets("5000", "7000").run();
    assertThat(counter(5000)).isEqualTo(1);
    assertThat(counter(7000)).isEqualTo(1);

    // Moves down, to bucket 0 (the first four bytes).
    new Write(AccountRecord.header(2), record(3, 0.0)).buckets("7000", "0").run();
    assertThat(counter(7000)).isZero();
    assertThat(counter(0)).isEqualTo(1);

    // Equal buckets: nothing moves.
    byte[] before = sync.get(HISTOGRAM);
    new Write(AccountRecord.header(3), record(4, 0.0)).buckets("0", "0").run();
    assertThat(sync.get(HISTOGRAM)).isEqualTo(before);

    // A score removed: its bucket loses its count.
    new Write(AccountRecord.header(4), record(5, 0.0)).buckets("0", "").run();
    assertThat(counter(0)).isZero();
    assertThat(counter(5000)).isEqualTo(1);

    // The counters saturate at zero instead of wrapping around.
    new Write(AccountRecord.header(5), record(6, 0.0)).buckets("123", "").run();
    assertThat(counter(123)).isZero();

    // The highest bucket.
    new Write(AccountRecord.header(6), record(7, 100.0)).buckets("", "100000").run();
    assertThat(counter(100_000)).isEqualTo(1);
    assertThat(sync.strlen(HISTOGRAM)).isEqualTo(4L * 100_001);
  }

  @Test
  void histogramMovesOfSeveralAccountsSaturateOneByOne() throws Exception {
    // Bucket 42 is empty: the first account's decrement stays at zero and the second account's
    // increment then counts, in the same BITFIELD.
    sync.configResetstat();
    assertThat(
            apply(
                new Write(MEMBER, new byte[0], record(1, 1.0)).buckets("42", "43"),
                new Write("x:bob", new byte[0], record(1, 1.0)).buckets("44", "42")))
        .containsExactly(1L, 1L);
    assertThat(counter(42)).isEqualTo(1);
    assertThat(counter(43)).isEqualTo(1);
    assertThat(counter(44)).isZero();
    assertThat(bitfieldCalls()).isEqualTo(1);
  }
}
