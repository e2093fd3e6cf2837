package dev.sway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.model.AccountState;
import dev.sway.model.Components;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link AccountRecord#decodeScore}: everything but the tables, exactly as {@link
 * AccountRecord#decode}.
 */
class AccountRecordScoreDecodeTest {
  private static final long T = 1_780_000_000_000L;

  /** A record with every scalar set, {@code topics} topic masses and {@code engagers} engagers. */
  private static AccountRecord record(int topics, int engagers) {
    AccountState s = new AccountState();
    s.followers = 9_876;
    s.following = 54;
    s.posts = 321;
    s.snapshotMs = T - 7_200_000;
    s.amplification = 987.654321;
    s.authority = 0.0042;
    s.posting = 3.5;
    s.engagers = 1.25e-3;
    s.authored = 17.0625;
    s.givenDay = 20_601;
    s.givenCount = 4;
    s.lastGivenMs = T - 30_000;
    s.sweptDay = 20_602;
    s.interactions = 777;
    s.lastEventMs = T;
    for (int i = 0; i < topics; i++) {
      s.topics.put("topic" + i, 1.5 * (i + 1));
    }
    for (int i = 0; i < engagers; i++) {
      s.engagerTable.restore("x:e" + i, 2.25 * (i + 1), T - i * 500L);
    }
    AccountRecord rec = new AccountRecord(0, s);
    rec.score =
        new AccountRecord.Score(
            48.125,
            new Components(12.5, 30.25, 7.75, 88.0),
            123,
            T + 500,
            T + 900,
            "sway-3-hl7.0",
            Map.of("topic0", 20.5, "topic1", 3.25));
    rec.personId = "p-7";
    rec.lastHistoryDay = 20_603;
    return rec;
  }

  private static void assertSameButTables(AccountRecord partial, AccountRecord whole) {
    assertThat(partial.version).isEqualTo(whole.version);
    assertThat(partial.exists()).isEqualTo(whole.exists());
    AccountState p = partial.state;
    AccountState w = whole.state;
    assertThat(p.followers).isEqualTo(w.followers);
    assertThat(p.following).isEqualTo(w.following);
    assertThat(p.posts).isEqualTo(w.posts);
    assertThat(p.snapshotMs).isEqualTo(w.snapshotMs);
    assertThat(p.amplification).isEqualTo(w.amplification);
    assertThat(p.authority).isEqualTo(w.authority);
    assertThat(p.posting).isEqualTo(w.posting);
    assertThat(p.engagers).isEqualTo(w.engagers);
    assertThat(p.authored).isEqualTo(w.authored);
    assertThat(p.givenDay).isEqualTo(w.givenDay);
    assertThat(p.givenCount).isEqualTo(w.givenCount);
    assertThat(p.lastGivenMs).isEqualTo(w.lastGivenMs);
    assertThat(p.sweptDay).isEqualTo(w.sweptDay);
    assertThat(p.interactions).isEqualTo(w.interactions);
    assertThat(p.lastEventMs).isEqualTo(w.lastEventMs);
    assertThat(partial.score).isEqualTo(whole.score);
    assertThat(partial.personId).isEqualTo(whole.personId);
    assertThat(partial.lastHistoryDay).isEqualTo(whole.lastHistoryDay);
    assertThat(p.topics).isEmpty();
    assertThat(p.engagerTable.isEmpty()).isTrue();
    assertThat(p.engagerTable.size()).isZero();
  }

  @Test
  void aRecordWithTablesGivesEverythingButTheTables() {
    for (int[] shape :
        List.of(new int[] {1, 1}, new int[] {3, 32}, new int[] {0, 5}, new int[] {4, 0})) {
      byte[] bytes = record(shape[0], shape[1]).encode(11);
      AccountRecord whole = AccountRecord.decode(bytes);
      AccountRecord partial = AccountRecord.decodeScore(bytes);

      assertThat(whole.state.topics).hasSize(shape[0]);
      assertThat(whole.state.engagerTable.size()).isEqualTo(shape[1]);
      assertThat(partial.version).isEqualTo(11);
      assertThat(partial.score.raw()).isEqualTo(48.125);
      assertThat(partial.score.topicRaws())
          .containsEntry("topic0", 20.5)
          .containsEntry("topic1", 3.25);
      assertThat(partial.personId).isEqualTo("p-7");
      assertThat(partial.lastHistoryDay).isEqualTo(20_603);
      assertSameButTables(partial, whole);
    }
  }

  @Test
  void aRecordWithoutTablesDecodesTheSame() {
    byte[] bytes = record(0, 0).encode(3);
    assertSameButTables(AccountRecord.decodeScore(bytes), AccountRecord.decode(bytes));
    assertThat(AccountRecord.decodeScore(bytes).state.interactions).isEqualTo(777);
  }

  @Test
  void optionalPartsMissingDecodeTheSame() {
    // An engager only: no score, no person, no snapshot, no history; tables present.
    AccountState s = new AccountState();
    s.authored = 2.5;
    s.givenDay = 20_600;
    s.givenCount = 2;
    s.lastGivenMs = T;
    s.topics.put("ai", 0.5);
    s.engagerTable.restore("x:back", 1.0, T);
    AccountRecord engager = new AccountRecord(0, s);
    byte[] bytes = engager.encode(2);
    AccountRecord partial = AccountRecord.decodeScore(bytes);
    assertSameButTables(partial, AccountRecord.decode(bytes));
    assertThat(partial.score).isNull();
    assertThat(partial.personId).isNull();
    assertThat(partial.lastHistoryDay).isEqualTo(Long.MIN_VALUE);
    assertThat(partial.state.snapshotMs).isEqualTo(-1);
    assertThat(partial.state.givenCount).isEqualTo(2);

    // Score without person, person without score.
    AccountRecord scoreOnly = record(2, 3);
    scoreOnly.personId = null;
    byte[] b1 = scoreOnly.encode(5);
    assertSameButTables(AccountRecord.decodeScore(b1), AccountRecord.decode(b1));
    AccountRecord personOnly = record(2, 3);
    personOnly.score = null;
    personOnly.lastHistoryDay = Long.MIN_VALUE;
    byte[] b2 = personOnly.encode(6);
    assertSameButTables(AccountRecord.decodeScore(b2), AccountRecord.decode(b2));
    assertThat(AccountRecord.decodeScore(b2).personId).isEqualTo("p-7");

    // A fresh, empty record.
    byte[] fresh = AccountRecord.empty().encode(1);
    assertSameButTables(AccountRecord.decodeScore(fresh), AccountRecord.decode(fresh));
  }

  @Test
  void anAbsentRecordIsEmptyBothWays() {
    for (byte[] none : new byte[][] {null, new byte[0]}) {
      AccountRecord partial = AccountRecord.decodeScore(none);
      assertThat(partial.exists()).isFalse();
      assertThat(partial.version).isZero();
      assertThat(partial.score).isNull();
      assertSameButTables(partial, AccountRecord.decode(none));
    }
  }

  @Test
  void anotherFormatIsRefusedAsByDecode() {
    byte[] bytes = record(1, 1).encode(4);
    bytes[0] = 2;
    assertThatThrownBy(() -> AccountRecord.decodeScore(bytes))
        .isInstanceOf(AccountRecord.UnsupportedFormatException.class)
        .hasMessageContaining("format 2");
  }
}
