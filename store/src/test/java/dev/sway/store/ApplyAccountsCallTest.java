package dev.sway.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The positional layout {@code apply-accounts.lua}'s header describes, as the builder lays it. */
class ApplyAccountsCallTest {
  private static List<String> text(byte[][] args) {
    return Arrays.stream(args).map(b -> new String(b, US_ASCII)).toList();
  }

  @Test
  void laysOutAccountsAndTheirIdSetsAsTheScriptReadsThem() {
    byte[] header = AccountRecord.header(4);
    ApplyAccountsCall call =
        ApplyAccountsCall.toHistogram("60".getBytes(US_ASCII))
            .account("x:a", header, "rec-a".getBytes(US_ASCII), new byte[0], true, -1, 7)
            .ids(RedisKeys.events("x:a", 1), 11L, 12L)
            .ids(RedisKeys.events("x:a", 2), 13L)
            .account("x:b", new byte[0], "rec-b".getBytes(US_ASCII), new byte[0], false, 3, -1);

    assertThat(call.accounts()).isEqualTo(2);
    assertThat(call.keys())
        .containsExactly(
            RedisKeys.CALIBRATION_HISTOGRAM,
            RedisKeys.account("x:a"),
            RedisKeys.history("x:a"),
            RedisKeys.events("x:a", 1),
            RedisKeys.events("x:a", 2),
            RedisKeys.account("x:b"),
            RedisKeys.history("x:b"));
    byte[][] args = call.args();
    assertThat(args[3]).isEqualTo(header);
    List<String> t = text(args);
    assertThat(t.subList(0, 3)).containsExactly("60", "2", "h");
    assertThat(t.subList(4, 19))
        .containsExactly(
            "rec-a", "", "o", "", "7", "2", "2", "11", "12", "1", "13", "", "rec-b", "", "a");
    assertThat(t.subList(19, t.size())).containsExactly("3", "", "0");
  }

  @Test
  void aJournalCallNamesTheSlotsJournalAndItsMode() {
    ApplyAccountsCall call =
        ApplyAccountsCall.toJournal(42, "60".getBytes(US_ASCII), "j17".getBytes(US_ASCII));
    assertThat(call.keys()).containsExactly(RedisKeys.calibrationJournal(42));
    assertThat(text(call.args())).containsExactly("60", "0", "j17");
  }
}
