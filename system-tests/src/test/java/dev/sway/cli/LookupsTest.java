package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.ExplainScoreRequest;
import dev.sway.v1.ExplainScoreResponse;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ListTopicsRequest;
import dev.sway.v1.ListTopicsResponse;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Trend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** History and trend, explanations, topics, and loading files with the CLI. */
class LookupsTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static LocalStack stack() {
    return LOCAL.stack();
  }

  static SwayClient client() {
    return LOCAL.client();
  }

  static final long DAY = 86_400_000L;
  static final long NOW = System.currentTimeMillis();

  @BeforeAll
  static void load() {
    // A rising account: more and more people share it, day after day, delivered in time order.
    int id = 0;
    for (int day = 20; day >= 1; day--) {
      List<Interaction> batch = new ArrayList<>();
      for (int k = 0; k < 21 - day; k++) {
        batch.add(
            share(
                "h" + id++,
                "fan" + (day * 100 + k),
                "riser",
                day % 2 == 0 ? "rust" : "go",
                NOW - day * DAY));
      }
      batch.add(share("b" + day, "fan" + day, "bystander", "rust", NOW - day * DAY));
      client()
          .ingest()
          .recordInteractions(
              RecordInteractionsRequest.newBuilder().addAllInteractions(batch).build());
    }
    // Today the bystander hears from someone; the riser does not: the score clock reaches today.
    client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(share("b0", "fan0", "bystander", "rust", NOW - 60_000))
                .build());
    // Query re-reads the score clock with the calibration, every 500 ms in a local stack.
    try {
      Thread.sleep(1200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Interaction share(String id, String actor, String target, String topic, long atMs) {
    return Interaction.newBuilder()
        .setEventId(id)
        .setType(InteractionType.INTERACTION_TYPE_SHARE)
        .setActor(AccountRef.newBuilder().setNetwork("x").setAccountId(actor))
        .setTarget(AccountRef.newBuilder().setNetwork("x").setAccountId(target))
        .addTopics(topic)
        .setEventTime(Timestamps.fromMillis(atMs))
        .build();
  }

  static AccountRef riser() {
    return AccountRef.newBuilder().setNetwork("x").setAccountId("riser").build();
  }

  @Test
  void historyHasOnePointPerDayFromTheFirstActiveDayToTodayAndARisingTrend() {
    GetScoreHistoryResponse h =
        client()
            .query()
            .getScoreHistory(GetScoreHistoryRequest.newBuilder().setAccount(riser()).build());
    // 20 active days, then today: idle, so yesterday's point decayed by a day.
    assertThat(h.getPointsCount()).isEqualTo(21);
    assertThat(h.getPoints(0).getDay().getSeconds())
        .isEqualTo(Math.floorDiv(NOW - 20 * DAY, DAY) * DAY / 1000);
    for (int i = 1; i < h.getPointsCount(); i++) {
      assertThat(h.getPoints(i).getDay().getSeconds() - h.getPoints(i - 1).getDay().getSeconds())
          .isEqualTo(DAY / 1000);
    }
    assertThat(h.getPoints(20).getComponents().getAmplification())
        .isLessThan(h.getPoints(19).getComponents().getAmplification());
    assertThat(h.getDelta7D()).isPositive();
    assertThat(h.hasDelta30D()).isFalse(); // no point 30 days back: n/a, not 0
    assertThat(h.getTrend()).isEqualTo(Trend.TREND_RISING);

    GetScoreHistoryResponse week =
        client()
            .query()
            .getScoreHistory(
                GetScoreHistoryRequest.newBuilder()
                    .setAccount(riser())
                    .setStartTime(Timestamps.fromMillis(NOW - 7 * DAY))
                    .build());
    assertThat(week.getPointsCount()).isBetween(6, 8);
  }

  @Test
  void anExplanationNamesComponentsEngagersTopicsAndTheWeeksChange() {
    ExplainScoreResponse e =
        client()
            .query()
            .explainScore(ExplainScoreRequest.newBuilder().setAccount(riser()).setTopN(3).build());
    assertThat(e.getComponentsList())
        .extracting(c -> c.getComponent())
        .containsExactly("reach", "amplification", "authority", "activity");
    double shares = e.getComponentsList().stream().mapToDouble(c -> c.getSharePercent()).sum();
    assertThat(shares).isCloseTo(100.0, Assertions.within(0.5));
    assertThat(e.getTopEngagersCount()).isEqualTo(3);
    assertThat(e.getTopTopicsList()).extracting(t -> t.getTopic()).contains("rust", "go");
    assertThat(e.getChange7D().getDelta()).isPositive();
    assertThat(e.getChange7D().getComponent()).isIn("amplification", "authority");
    assertThat(e.getChange7D().getMoversCount()).isPositive();
    assertThat(String.join(" ", e.getSummaryList()))
        .contains("x:riser scores", "amplification", "Over the last 7 days it gained");
  }

  @Test
  void topicsAreListedByActivity() {
    ListTopicsResponse t =
        client().query().listTopics(ListTopicsRequest.newBuilder().setPageSize(1).build());
    assertThat(t.getTotalSize()).isEqualTo(2);
    assertThat(t.getTopics(0).getTopic()).isEqualTo("rust");
    assertThat(t.getTopics(0).getAccountCount()).isEqualTo(2);
    ListTopicsResponse next =
        client()
            .query()
            .listTopics(
                ListTopicsRequest.newBuilder()
                    .setPageSize(1)
                    .setPageToken(t.getNextPageToken())
                    .build());
    assertThat(next.getTopics(0).getTopic()).isEqualTo("go");
    assertThat(next.getNextPageToken()).isEmpty();
  }

  @Test
  void ingestLoadsFilesReportsBadLinesByNumberAndKeepsTheGoodOnes(@TempDir Path dir)
      throws Exception {
    String now = Timestamps.toString(Timestamps.fromMillis(NOW - 60_000));
    Path csv = dir.resolve("events.csv");
    Files.writeString(
        csv,
        String.join(
            "\n",
            "event_id,type,actor,target,time,topics",
            "f1,share,x:cf1,x:file-star," + now + ",#Books|poetry",
            "f2,like,x:cf2,x:file-star," + (NOW / 1000 - 60) + ",",
            "f3,teleport,x:cf3,x:file-star," + now + ",",
            "f4,like,x:file-star,x:file-star," + now + ",",
            "f5,like,nonetwork,x:file-star," + now + ","),
        StandardCharsets.UTF_8);
    Path jsonl = dir.resolve("more.jsonl");
    Files.writeString(
        jsonl,
        String.join(
            "\n",
            "{\"account\":{\"network\":\"x\",\"accountId\":\"file-star\"},\"followers\":1200,\"following\":80,\"posts\":40,\"observeTime\":\""
                + now
                + "\"}",
            "{\"eventId\":\"j1\",\"type\":\"INTERACTION_TYPE_REPLY\",\"actor\":{\"network\":\"x\",\"accountId\":\"cj\"},\"target\":{\"network\":\"x\",\"accountId\":\"file-star\"},\"eventTime\":\""
                + now
                + "\"}",
            "{not json"),
        StandardCharsets.UTF_8);
    Path higgs = dir.resolve("activity.txt");
    Files.writeString(
        higgs,
        "1 2 " + (NOW / 1000 - 100) + " RT\n3 3 " + (NOW / 1000 - 100) + " MT\n4 2 oops RE\n");

    Object[] r =
        CliTest.sway(
            "ingest",
            "--ingest",
            stack().ingestTarget(),
            "--no-progress",
            csv.toString(),
            jsonl.toString(),
            higgs.toString());
    assertThat(r[0]).isEqualTo(IngestCommand.EXIT_SOME_REJECTED);
    assertThat((String) r[1]).contains("accepted 4", "snapshots 1", "rejected 6");
    Object[] s = CliTest.sway("score", "--target", stack().queryTarget(), "x:file-star");
    assertThat((String) s[1]).contains("followers 1,200", "interactions received 3", "books");

    Object[] again =
        CliTest.sway("ingest", "--ingest", stack().ingestTarget(), "--no-progress", csv.toString());
    assertThat((String) again[1]).contains("accepted 0", "duplicate 2");
  }
}
