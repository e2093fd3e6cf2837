package dev.sway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sway.model.AccountState;
import dev.sway.model.Components;
import dev.sway.model.EngagerTable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class AccountRecordTest {
  private static final long T = 1_780_000_000_000L;

  /** A record with every field set, the engager table holding {@code engagers} entries. */
  static AccountRecord full(int engagers) {
    AccountState s = new AccountState();
    s.followers = 12_345;
    s.following = 678;
    s.posts = 91;
    s.snapshotMs = T - 3_600_000;
    s.amplification = 1234.5678;
    s.authority = 0.000123;
    s.posting = 17.25;
    s.engagers = 3.0e-7;
    s.authored = 42.0;
    s.givenDay = 20_602;
    s.givenCount = 13;
    s.lastGivenMs = T - 60_000;
    s.sweptDay = 20_603;
    s.interactions = 4_321;
    s.lastEventMs = T;
    s.topics.put("jazz", 88.125);
    for (int i = 0; i < engagers; i++) {
      s.engagerTable.restore("x:fan" + i, 10.5 * (i + 1), T - i * 1000L);
    }
    AccountRecord rec = new AccountRecord(7, s);
    Map<String, Double> topicRaws = new LinkedHashMap<>();
    topicRaws.put("jazz", 55.4321);
    rec.score =
        new AccountRecord.Score(
            61.2345,
            new Components(40.5, 72.25, 18.0, 99.75),
            250,
            T + 1000,
            T + 2000,
            "sway-3-hl7.0",
            topicRaws);
    rec.personId = "p-0042";
    rec.lastHistoryDay = 20_604;
    return rec;
  }

  private static void assertSameState(AccountState a, AccountState e) {
    assertThat(a.followers).isEqualTo(e.followers);
    assertThat(a.following).isEqualTo(e.following);
    assertThat(a.posts).isEqualTo(e.posts);
    assertThat(a.snapshotMs).isEqualTo(e.snapshotMs);
    assertThat(a.amplification).isEqualTo(e.amplification);
    assertThat(a.authority).isEqualTo(e.authority);
    assertThat(a.posting).isEqualTo(e.posting);
    assertThat(a.engagers).isEqualTo(e.engagers);
    assertThat(a.authored).isEqualTo(e.authored);
    assertThat(a.givenDay).isEqualTo(e.givenDay);
    assertThat(a.givenCount).isEqualTo(e.givenCount);
    assertThat(a.lastGivenMs).isEqualTo(e.lastGivenMs);
    assertThat(a.sweptDay).isEqualTo(e.sweptDay);
    assertThat(a.interactions).isEqualTo(e.interactions);
    assertThat(a.lastEventMs).isEqualTo(e.lastEventMs);
    assertThat(a.topics).isEqualTo(e.topics);
    assertThat(engagers(a.engagerTable)).containsExactlyElementsOf(engagers(e.engagerTable));
  }

  /** The table's entries in iteration order, as comparable strings. */
  private static List<String> engagers(EngagerTable t) {
    List<String> out = new ArrayList<>();
    t.forEach((engager, p) -> out.add(engager + "=" + p.scaledMass + "@" + p.lastMs));
    return out;
  }

  @Test
  void fullRecordRoundTrips() {
    AccountRecord rec = full(3);
    byte[] bytes = rec.encode(8);
    AccountRecord back = AccountRecord.decode(bytes);

    assertThat(back.version).isEqualTo(8);
    assertThat(back.exists()).isTrue();
    assertSameState(back.state, rec.state);
    assertThat(engagers(back.state.engagerTable))
        .containsExactly(
            "x:fan0=10.5@" + T, "x:fan1=21.0@" + (T - 1000), "x:fan2=31.5@" + (T - 2000));
    assertThat(back.personId).isEqualTo("p-0042");
    assertThat(back.lastHistoryDay).isEqualTo(20_604);

    AccountRecord.Score s = back.score;
    assertThat(s).isNotNull();
    assertThat(s.raw()).isEqualTo(61.2345);
    // Components are stored as 32-bit floats; these values are exact in that precision.
    assertThat(s.components()).isEqualTo(new Components(40.5, 72.25, 18.0, 99.75));
    assertThat(s.distinctEngagers()).isEqualTo(250);
    assertThat(s.scoredAtMs()).isEqualTo(T + 1000);
    assertThat(s.updatedMs()).isEqualTo(T + 2000);
    assertThat(s.modelVersion()).isEqualTo("sway-3-hl7.0");
    assertThat(s.topicRaws()).containsExactly(Map.entry("jazz", 55.4321));
  }

  @Test
  void componentsKeepFloatPrecision() {
    AccountRecord rec = full(0);
    rec.score =
        new AccountRecord.Score(
            1.0,
            new Components(33.333333333, 0.1, 66.6666, 12.345678),
            1,
            T,
            T,
            "sway-3",
            Map.of());
    Components c = AccountRecord.decode(rec.encode(1)).score.components();
    assertThat(c.reach()).isCloseTo(33.333333333, within(1e-5));
    assertThat(c.amplification()).isCloseTo(0.1, within(1e-6));
    assertThat(c.authority()).isCloseTo(66.6666, within(1e-5));
    assertThat(c.activity()).isCloseTo(12.345678, within(1e-5));
  }

  @Test
  void sweptDayAndSnapshotAreOptional() {
    AccountRecord rec = full(2);
    rec.state.sweptDay = Long.MIN_VALUE;
    AccountRecord back = AccountRecord.decode(rec.encode(3));
    assertThat(back.state.sweptDay).isEqualTo(Long.MIN_VALUE);
    assertSameState(back.state, rec.state);

    rec.state.sweptDay = -5;
    assertThat(AccountRecord.decode(rec.encode(3)).state.sweptDay).isEqualTo(-5);
    rec.state.sweptDay = 0;
    assertThat(AccountRecord.decode(rec.encode(3)).state.sweptDay).isEqualTo(0);

    rec.state.snapshotMs = -1;
    assertThat(AccountRecord.decode(rec.encode(3)).state.snapshotMs).isEqualTo(-1);
    rec.state.snapshotMs = 0;
    assertThat(AccountRecord.decode(rec.encode(3)).state.snapshotMs).isEqualTo(0);
  }

  @Test
  void lastHistoryDayIsOptional() {
    AccountRecord rec = full(2);
    byte[] withDay = rec.encode(3);
    rec.lastHistoryDay = Long.MIN_VALUE;
    byte[] without = rec.encode(3);
    AccountRecord back = AccountRecord.decode(without);
    assertThat(back.lastHistoryDay).isEqualTo(Long.MIN_VALUE);
    assertThat(back.personId).isEqualTo("p-0042");
    assertThat(back.score).isEqualTo(rec.score);
    assertSameState(back.state, rec.state);
    // Unset, it costs nothing; set, a varint at the end.
    assertThat(withDay.length - without.length).isBetween(1, 10);
    assertThat(AccountRecord.decode(without).encode(3)).isEqualTo(without);

    for (long day : new long[] {0, 1, -1, 20_604, 1L << 24, Long.MIN_VALUE + 1, Long.MAX_VALUE}) {
      rec.lastHistoryDay = day;
      byte[] bytes = rec.encode(4);
      AccountRecord b = AccountRecord.decode(bytes);
      assertThat(b.lastHistoryDay).as("day %d", day).isEqualTo(day);
      assertThat(b.personId).isEqualTo("p-0042");
      assertThat(b.encode(4)).isEqualTo(bytes);
    }

    // Set on a record with neither score nor person.
    AccountRecord bare = new AccountRecord(0, new AccountState());
    bare.lastHistoryDay = 7;
    AccountRecord b = AccountRecord.decode(bare.encode(1));
    assertThat(b.lastHistoryDay).isEqualTo(7);
    assertThat(b.score).isNull();
    assertThat(b.personId).isNull();
  }

  @Test
  void minimalRecordsRoundTrip() {
    AccountRecord fresh = new AccountRecord(0, new AccountState());
    AccountRecord back = AccountRecord.decode(fresh.encode(1));
    assertThat(back.version).isEqualTo(1);
    assertThat(back.score).isNull();
    assertThat(back.personId).isNull();
    assertSameState(back.state, fresh.state);
    assertThat(back.state.snapshotMs).isEqualTo(-1);
    assertThat(back.state.sweptDay).isEqualTo(Long.MIN_VALUE);
    assertThat(back.state.givenDay).isEqualTo(-1);
    assertThat(back.state.lastGivenMs).isEqualTo(-1);
    assertThat(back.state.lastEventMs).isEqualTo(-1);
    assertThat(back.state.topics).isEmpty();
    assertThat(back.state.engagerTable.isEmpty()).isTrue();
    assertThat(back.lastHistoryDay).isEqualTo(Long.MIN_VALUE);

    // Score but no person, person but no score, an empty topic map in the score.
    AccountRecord scoreOnly = full(1);
    scoreOnly.personId = null;
    scoreOnly.state.snapshotMs = -1;
    scoreOnly.score = new AccountRecord.Score(0, Components.ZERO, 0, 0, 0, "sway-3", Map.of());
    AccountRecord b1 = AccountRecord.decode(scoreOnly.encode(2));
    assertThat(b1.personId).isNull();
    assertThat(b1.score).isEqualTo(scoreOnly.score);
    assertSameState(b1.state, scoreOnly.state);

    AccountRecord personOnly = full(1);
    personOnly.score = null;
    AccountRecord b2 = AccountRecord.decode(personOnly.encode(2));
    assertThat(b2.score).isNull();
    assertThat(b2.personId).isEqualTo("p-0042");
    assertSameState(b2.state, personOnly.state);
  }

  @Test
  void nonAsciiStringsRoundTrip() {
    AccountRecord rec = full(0);
    rec.state.topics.clear();
    rec.state.topics.put("música", 1.0);
    rec.state.engagerTable.restore("x:ünïcode-😀", 2.0, 3);
    rec.personId = "人物";
    AccountRecord back = AccountRecord.decode(rec.encode(4));
    assertThat(back.state.topics).containsOnlyKeys("música");
    assertThat(engagers(back.state.engagerTable)).containsExactly("x:ünïcode-😀=2.0@3");
    assertThat(back.personId).isEqualTo("人物");
  }

  @Test
  void largeVersionsAndEngagerTablesRoundTrip() {
    AccountRecord rec = full(EngagerTable.CAPACITY);
    byte[] bytes = rec.encode(Long.MAX_VALUE);
    assertThat(AccountRecord.versionOf(bytes)).isEqualTo(Long.MAX_VALUE);
    AccountRecord back = AccountRecord.decode(bytes);
    assertThat(back.state.engagerTable.size()).isEqualTo(EngagerTable.CAPACITY);
    assertSameState(back.state, rec.state);
  }

  @Test
  void headerIsTheStartOfTheEncoding() {
    AccountRecord rec = full(3);
    for (long v : new long[] {1, 2, 255, 256, 1L << 40, Long.MAX_VALUE}) {
      byte[] bytes = rec.encode(v);
      byte[] header = AccountRecord.header(v);
      assertThat(header).hasSize(AccountRecord.HEADER_BYTES);
      assertThat(header).isEqualTo(Arrays.copyOf(bytes, AccountRecord.HEADER_BYTES));
      assertThat(header[0]).isEqualTo((byte) AccountRecord.FORMAT);
      assertThat(AccountRecord.versionOf(bytes)).isEqualTo(v);
      assertThat(AccountRecord.versionOf(header)).isEqualTo(v);
      assertThat(AccountRecord.sameHeader(bytes, header)).isTrue();
      assertThat(AccountRecord.sameHeader(bytes, rec.encode(v + 1))).isFalse();
    }
    assertThat(AccountRecord.header(0)).isEmpty();
    assertThat(AccountRecord.sameHeader(null, AccountRecord.header(0))).isTrue();
    assertThat(AccountRecord.sameHeader(null, rec.encode(1))).isFalse();
  }

  @Test
  void nothingStoredIsVersionZero() {
    assertThat(AccountRecord.versionOf(null)).isZero();
    assertThat(AccountRecord.versionOf(new byte[0])).isZero();
    for (AccountRecord r :
        new AccountRecord[] {AccountRecord.decode(null), AccountRecord.decode(new byte[0])}) {
      assertThat(r.version).isZero();
      assertThat(r.exists()).isFalse();
      assertThat(r.score).isNull();
      assertThat(r.personId).isNull();
      assertThat(r.lastHistoryDay).isEqualTo(Long.MIN_VALUE);
      assertThat(r.state.snapshotMs).isEqualTo(-1);
    }
  }

  @Test
  void anotherFormatIsRefused() {
    byte[] bytes = full(3).encode(5);
    for (int format : new int[] {0, 1, 2, 4, 255}) {
      byte[] other = bytes.clone();
      other[0] = (byte) format;
      assertThatThrownBy(() -> AccountRecord.decode(other))
          .isInstanceOf(AccountRecord.UnsupportedFormatException.class)
          .hasMessageContaining("docs/operations.md")
          .hasMessageContaining("format " + format);
      assertThatThrownBy(() -> AccountRecord.versionOf(other))
          .isInstanceOf(AccountRecord.UnsupportedFormatException.class);
    }
    // A record of the previous layout (a text hash serialised by hand) starts with a letter.
    byte[] text = "{\"raw\":12.5}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> AccountRecord.decode(text))
        .isInstanceOf(AccountRecord.UnsupportedFormatException.class)
        .hasMessageContaining("docs/operations.md");
  }

  @Test
  void truncatedRecordsAreRejected() {
    for (AccountRecord rec :
        new AccountRecord[] {full(3), new AccountRecord(0, new AccountState())}) {
      byte[] bytes = rec.encode(9);
      for (int len = 1; len < bytes.length; len++) {
        byte[] cut = Arrays.copyOf(bytes, len);
        assertThatThrownBy(() -> AccountRecord.decode(cut))
            .as("record cut to %d of %d bytes", len, bytes.length)
            .isInstanceOf(IllegalArgumentException.class)
            .isNotInstanceOf(AccountRecord.UnsupportedFormatException.class);
      }
    }
  }

  @Test
  void trailingBytesAreRejected() {
    byte[] bytes = full(3).encode(9);
    for (int extra = 1; extra <= 3; extra++) {
      byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
      int n = extra;
      assertThatThrownBy(() -> AccountRecord.decode(longer))
          .isInstanceOf(IllegalArgumentException.class)
          .isNotInstanceOf(AccountRecord.UnsupportedFormatException.class)
          .hasMessageContaining(n + " bytes after its end");
    }
  }

  @Test
  void encodingIsDeterministic() {
    assertThat(full(3).encode(11)).isEqualTo(full(3).encode(11));
    AccountRecord rec = full(EngagerTable.CAPACITY);
    byte[] bytes = rec.encode(11);
    assertThat(rec.encode(11)).isEqualTo(bytes);
    // Decoding and encoding again gives the stored bytes back.
    assertThat(AccountRecord.decode(bytes).encode(11)).isEqualTo(bytes);
    assertThat(AccountRecord.decode(full(3).encode(2)).encode(2)).isEqualTo(full(3).encode(2));
    // A copy of the state encodes the same.
    AccountRecord copy = new AccountRecord(rec.version, rec.state.copy());
    copy.score = rec.score;
    copy.personId = rec.personId;
    copy.lastHistoryDay = rec.lastHistoryDay;
    assertThat(copy.encode(11)).isEqualTo(bytes);
  }

  @Test
  void encodingIsCompact() {
    // Measured at 232 bytes, most of it the eight-byte decayed sums and the engager members; the
    // same fields as text (names and decimal numbers) take well over twice that.
    byte[] bytes = full(3).encode(123_456);
    assertThat(bytes.length).isLessThan(250);
    // An account that only received a profile snapshot.
    AccountRecord snapshotOnly = new AccountRecord(0, new AccountState());
    snapshotOnly.state.followers = 1_000;
    snapshotOnly.state.snapshotMs = T;
    snapshotOnly.state.lastEventMs = T;
    assertThat(snapshotOnly.encode(1).length).isLessThan(80);
    // Each engager costs its member and 8 + 6 bytes (measured: 863 bytes for a full table).
    int perEngager =
        (full(EngagerTable.CAPACITY).encode(1).length - full(0).encode(1).length)
            / EngagerTable.CAPACITY;
    assertThat(perEngager).isLessThan(24);
    assertThat(full(EngagerTable.CAPACITY).encode(1).length).isLessThan(900);
  }

  @org.junit.jupiter.api.Test
  void aNonFiniteNumberIsNeverEncoded() {
    AccountRecord infinite = full(3);
    infinite.state.amplification = Double.POSITIVE_INFINITY;
    Assertions.assertThatThrownBy(() -> infinite.encode(8))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("amplification");
    AccountRecord nanPair = full(3);
    nanPair.state.engagerTable.restore("x:nan", Double.NaN, T);
    Assertions.assertThatThrownBy(() -> nanPair.encode(8))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("x:nan");
    AccountRecord nanTopic = full(3);
    nanTopic.state.topics.put("jazz", Double.NaN);
    Assertions.assertThatThrownBy(() -> nanTopic.encode(8))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("jazz");
  }
}
