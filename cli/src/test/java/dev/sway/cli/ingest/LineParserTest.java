package dev.sway.cli.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ProfileSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CSV and JSON Lines read the same fields with the same spellings. */
class LineParserTest {
  static Record csv(String header, String row) {
    LineParser p = new LineParser(LineParser.Format.CSV, "x");
    assertThat(p.parse(1, header).isError()).as(header).isFalse();
    return p.parse(2, row);
  }

  static Record jsonl(String line) {
    return new LineParser(LineParser.Format.JSONL, "x").parse(1, line);
  }

  @Test
  void theSameInteractionWrittenEveryAcceptedWayParsesToOneMessage() {
    Interaction expected =
        csv("event_id,type,actor,target,time,topics", "e1,share,x:bob,x:alice,1795600000,jazz|ai")
            .interaction();
    assertThat(expected).isNotNull();
    assertThat(expected.getType()).isEqualTo(InteractionType.INTERACTION_TYPE_SHARE);
    List<Record> same =
        List.of(
            csv(
                "event_id,type,actor,target,time,topics",
                "e1,SHARE,x:bob,x:alice,2026-11-25T09:46:40Z,jazz|ai"),
            csv(
                "topics,time,target,actor,type,event_id",
                "jazz|ai,1795600000,x:alice,x:bob,repost,e1"),
            csv(
                "event_id,type,actor,target,time,topics",
                "e1,INTERACTION_TYPE_SHARE,x:bob,x:alice,1795600000,jazz|ai"),
            jsonl(
                "{\"event_id\":\"e1\",\"type\":\"SHARE\",\"actor\":\"x:bob\",\"target\":\"x:alice\","
                    + "\"time\":1795600000,\"topics\":[\"jazz\",\"ai\"]}"),
            jsonl(
                "{\"event_id\":\"e1\",\"type\":\"share\",\"actor\":\"x:bob\",\"target\":\"x:alice\","
                    + "\"time\":\"1795600000\",\"topics\":\"jazz|ai\"}"),
            jsonl(
                "{\"eventId\":\"e1\",\"type\":\"INTERACTION_TYPE_SHARE\","
                    + "\"actor\":{\"network\":\"x\",\"accountId\":\"bob\"},"
                    + "\"target\":{\"network\":\"x\",\"account_id\":\"alice\"},"
                    + "\"eventTime\":\"2026-11-25T09:46:40Z\",\"topics\":[\"jazz\",\"ai\"]}"),
            jsonl(
                "{\"event_id\":\"e1\",\"type\":\"retweet\",\"actor\":\"x:bob\",\"target\":\"x:alice\","
                    + "\"time\":1795600000,\"topics\":[\"jazz\",\"ai\"]}"));
    for (Record r : same) {
      assertThat(r.error()).isNull();
      assertThat(r.interaction()).isEqualTo(expected);
    }
  }

  @Test
  void snapshotsReadTheSameInBothFormats() {
    ProfileSnapshot fromCsv =
        csv("account,followers,following,posts,time", "x:alice,1200,300,85,1795600000").snapshot();
    ProfileSnapshot fromJson =
        jsonl(
                "{\"account\":\"x:alice\",\"followers\":1200,\"following\":\"300\",\"posts\":85,"
                    + "\"time\":\"2026-11-25T09:46:40Z\"}")
            .snapshot();
    assertThat(fromCsv).isNotNull().isEqualTo(fromJson);
    assertThat(fromCsv.getFollowers()).isEqualTo(1200);
  }

  @Test
  void problemsAreSaidInWordsWithoutJavaNames() {
    Record missingQuote =
        jsonl("{\"event_id\":\"e2\",\"type\":\"like\",\"actor\":\"x:carol,\"target\":\"x:alice\"}");
    Record truncated = jsonl("{\"event_id\":\"e2\",\"type\":\"like");
    Record badType = csv("event_id,type,actor,target,time", "e1,follow,x:a,x:b,1795600000");
    Record badTime = csv("event_id,type,actor,target,time", "e1,like,x:a,x:b,yesterday");
    Record badAccount =
        jsonl(
            "{\"event_id\":\"e1\",\"type\":\"like\",\"actor\":\"bob\","
                + "\"target\":\"x:b\",\"time\":1}");
    Record unknownKey =
        jsonl(
            "{\"event_id\":\"e1\",\"type\":\"like\",\"actor\":\"x:a\","
                + "\"target\":\"x:b\",\"time\":1,\"topic\":\"jazz\"}");
    Record openCell = csv("event_id,type,actor,target,time", "e1,like,\"x:a,x:b,1");
    for (Record r :
        List.of(missingQuote, truncated, badType, badTime, badAccount, unknownKey, openCell)) {
      assertThat(r.isError()).isTrue();
      assertThat(r.error()).doesNotContain("Exception", "java.", "Illegal");
    }
    assertThat(truncated.error()).contains("ends too soon");
    assertThat(badType.error()).contains("like, comment, reply, share, mention");
    assertThat(badTime.error()).contains("RFC 3339", "Unix seconds");
    assertThat(badAccount.error()).contains("actor", "network:id");
    assertThat(unknownKey.error()).contains("'topic'", "did you mean 'topics'");
    assertThat(openCell.error()).contains("missing '\"'");
  }

  @Test
  void aHeaderIsCheckedOnceAndNamesTheColumnsExpected() {
    assertThat(LineParser.headerProblem("event_id,type,actor,target,time,topics,content_id"))
        .isNull();
    assertThat(LineParser.headerProblem("Account,Followers,Following,Posts,Time")).isNull();
    assertThat(LineParser.headerProblem("event_id,type,actor,target,time,topic"))
        .contains(
            "unknown column 'topic' (did you mean 'topics'?)", "event_id,type,actor,target,time");
    assertThat(LineParser.headerProblem("event_id,type,actor,target"))
        .contains("missing column(s) time");
    assertThat(LineParser.headerProblem("a,b")).contains("unknown column 'a'", "snapshots:");
  }

  @Test
  void formatsComeFromTheNameOrTheFirstLineAndAreNeverGuessedBlindly() {
    assertThat(LineParser.guess("events.CSV.gz")).isEqualTo(LineParser.Format.CSV);
    assertThat(LineParser.guess("events.ndjson")).isEqualTo(LineParser.Format.JSONL);
    assertThat(LineParser.guess("notes.txt")).isNull();
    assertThat(LineParser.sniff("223789 213163 1341100972 MT")).isEqualTo(LineParser.Format.HIGGS);
    assertThat(LineParser.sniff("{\"event_id\":\"e\"}")).isEqualTo(LineParser.Format.JSONL);
    assertThat(LineParser.sniff("event_id,type")).isEqualTo(LineParser.Format.CSV);
    assertThat(LineParser.sniff("some notes about the data")).isNull();
  }

  @Test
  void commonMistakesGetTheSpellingTheyProbablyMeant() {
    String header = "event_id,type,actor,target,time";
    assertThat(csv(header, "e1,like,x:a,x:b,2026-12-01 10:00:00").error())
        .contains("did you mean 2026-12-01T10:00:00Z");
    assertThat(csv(header, "e1,like,x:a,x:b,2026-12-01").error())
        .contains("did you mean 2026-12-01T00:00:00Z");
    assertThat(csv(header, "e1,like,x:a,x:b,1795600000000").error())
        .contains("Unix milliseconds", "1795600000");
    assertThat(csv(header, "e1,like,X:user001,x:b,1795600000").error())
        .contains("actor", "did you mean x:user001?");
    assertThat(LineParser.headerProblem("id,from,to,timestamp"))
        .contains("did you mean 'event_id'", "did you mean 'actor'", "did you mean 'target'");
    // A key left out is missing, not a bad value.
    assertThat(
            jsonl("{\"account\":\"x:a\",\"followers\":1,\"posts\":2,\"time\":1795600000}").error())
        .contains("missing following")
        .doesNotContain("whole number");
    assertThat(jsonl("{\"account\":\"x:a\",\"followers\":1,\"following\":1,\"posts\":2}").error())
        .contains("missing time");
  }
}
