package dev.sway.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sway.model.InteractionKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetParsersTest {
  private static BufferedReader text(String s) {
    return new BufferedReader(new StringReader(s));
  }

  @Test
  void higgsLinesBecomeSharesMentionsAndRepliesAndSelfInteractionsAreLeftOut() throws IOException {
    List<HiggsLog.Event> log =
        HiggsLog.read(
            text(
                """
        223789 213163 1341100972 MT
        223789 213163 1341100972 RE
        376989 376989 1341101181 RT
        26375 88 1341101183 RT
        """),
            "sample");

    assertThat(log).extracting(HiggsLog.Event::type).containsExactly('M', 'E', 'T', 'T');
    Dataset d = Datasets.higgs(log);
    // Events of the same second are ordered by their content (here the kind), not by line.
    assertThat(d.events())
        .extracting(Interaction::kind)
        .containsExactly(InteractionKind.REPLY, InteractionKind.MENTION, InteractionKind.SHARE);
    // Only retweets are measured in the future window; a mention is not a retweet.
    assertThat(d.events()).extracting(Interaction::measured).containsExactly(false, false, true);
    assertThat(d.events().get(2))
        .isEqualTo(new Interaction(4, 26375, 88, 1341101183, InteractionKind.SHARE, true));
    assertThat(d.skipped()).isEqualTo("1 self-interactions");
    // The cut of the single-split evaluation (5 July 00:00) is the one stability is checked at.
    assertThat(d.cuts().cutS(d.cuts().stabilityCut()))
        .isEqualTo(HiggsLog.DAY1_START_S + 4 * 86_400L);
  }

  @Test
  void collegeMessagesAreMentionsOfTheReceiver() throws IOException {
    List<CollegeMsg.Message> m =
        CollegeMsg.read(text("1 2 1082040961\n3 4 1082155839\n\n5 2 1082414391\n"), "s");

    assertThat(m)
        .containsExactly(
            new CollegeMsg.Message(1, 1, 2, 1082040961),
            new CollegeMsg.Message(2, 3, 4, 1082155839),
            new CollegeMsg.Message(4, 5, 2, 1082414391));
    Dataset d = Datasets.collegeMsg(m);
    assertThat(d.events())
        .allSatisfy(
            e -> {
              assertThat(e.kind()).isEqualTo(InteractionKind.MENTION);
              assertThat(e.measured()).isTrue();
            });
    assertThat(d.measure()).isEqualTo(Dataset.Measure.DISTINCT_ENGAGERS);
  }

  @Test
  void bitcoinPositiveRatingsAreLikesNegativeOnesAreLeftOutAndRowsAreTimeOrdered()
      throws IOException {
    // Bitcoin Alpha's rows are not in time order; rows of the same time are ordered by content
    // (here the rater), whatever their file order.
    List<BitcoinRatings.Rating> r =
        BitcoinRatings.read(
            text(
                """
        7188,1,10,1407470400
        430,1,-3,1376539200
        3134,1,2,1369713600
        877,1,1,1369713600
        """),
            "s");

    assertThat(r.get(1)).isEqualTo(new BitcoinRatings.Rating(2, 430, 1, -3, 1376539200));
    Dataset d = Datasets.bitcoin("bitcoin-alpha", "Bitcoin Alpha", r);
    assertThat(d.events()).extracting(Interaction::line).containsExactly(4L, 3L, 1L);
    assertThat(d.events()).extracting(Interaction::kind).containsOnly(InteractionKind.LIKE);
    assertThat(d.skipped()).isEqualTo("1 negative ratings");
  }

  @Test
  void malformedLinesAreRejectedWithTheirLineNumber() {
    assertThatThrownBy(() -> BitcoinRatings.read(text("1,2,0,1289241912\n"), "f"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("f:1");
    assertThatThrownBy(() -> BitcoinRatings.read(text("1,2,11,1289241912\n"), "f"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> CollegeMsg.read(text("1 2\n"), "f"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected 3 fields");
    assertThatThrownBy(() -> HiggsLog.read(text("1 2 1341100972 XX\n"), "f"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("unknown interaction");
    assertThatThrownBy(() -> HiggsLog.read(text("1 -2 1341100972 RT\n"), "f"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad account id");
  }

  @Test
  void unknownDatasetNamesAreRejected() {
    assertThatThrownBy(() -> Datasets.defaultFile("twitter", Path.of(".")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("collegemsg");
  }
}
