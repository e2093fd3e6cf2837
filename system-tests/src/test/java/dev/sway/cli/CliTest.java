package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import dev.sway.v1.RecordInteractionsRequest;
import dev.sway.v1.Score;
import dev.sway.v1.StreamInteractionsRequest;
import dev.sway.v1.StreamInteractionsResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code sway} command against a running local stack, and bulk loading by stream. */
class CliTest {
  @RegisterExtension static final LocalStackExtension LOCAL = new LocalStackExtension();

  static LocalStack stack() {
    return LOCAL.stack();
  }

  static SwayClient client() {
    return LOCAL.client();
  }

  static Interaction share(String id, String actor, String target) {
    return Interaction.newBuilder()
        .setEventId(id)
        .setType(InteractionType.INTERACTION_TYPE_SHARE)
        .setActor(AccountRef.newBuilder().setNetwork("x").setAccountId(actor))
        .setTarget(AccountRef.newBuilder().setNetwork("x").setAccountId(target))
        .addTopics("space")
        .setEventTime(Timestamps.fromMillis(System.currentTimeMillis() - 5000))
        .build();
  }

  /** Runs the CLI and returns {exit code, stdout}. */
  static Object[] sway(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = SwayCli.run(args);
      return new Object[] {code, buf.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void scoreAndTopPrintTablesAndJsonWithTrustworthyExitCodes() {
    client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(share("cli-1", "p", "cli-star"))
                .addInteractions(share("cli-2", "q", "cli-star"))
                .build());
    Object[] score = sway("score", "--target", stack().queryTarget(), "x:cli-star");
    assertThat(score[0]).isEqualTo(0);
    assertThat((String) score[1]).contains("x:cli-star", "amplification", "space");

    Object[] json = sway("score", "--target", stack().queryTarget(), "--json", "x:cli-star");
    assertThat(json[0]).isEqualTo(0);
    assertThat((String) json[1]).contains("\"accountId\": \"cli-star\"", "\"interactionCount\": 2");

    Object[] top = sway("top", "--target", stack().queryTarget(), "--topic", "#Space");
    assertThat(top[0]).isEqualTo(0);
    assertThat((String) top[1]).contains("x:cli-star");

    assertThat(sway("score", "--target", stack().queryTarget(), "x:nobody-at-all")[0])
        .isEqualTo(SwayCli.EXIT_NOT_FOUND);
    assertThat(sway("score", "--target", stack().queryTarget(), "not-an-account")[0])
        .isEqualTo(ExitCode.INVALID_ARGUMENT.code);
    assertThat(sway("score", "--target", "127.0.0.1:1", "--deadline-ms", "2000", "x:a")[0])
        .isEqualTo(SwayCli.EXIT_UNAVAILABLE);
    assertThat(sway("top", "--help")[0]).isEqualTo(0);
  }

  @Test
  void aBulkStreamAcknowledgesEachBatchInOrderAndSkipsOnlyTheBadOne() throws Exception {
    List<StreamInteractionsRequest> batches = new ArrayList<>();
    for (int b = 0; b < 6; b++) {
      StreamInteractionsRequest.Builder r = StreamInteractionsRequest.newBuilder().setBatchId(b);
      for (int i = 0; i < 100; i++) {
        r.addInteractions(share("bulk-" + b + "-" + i, "fan" + i, "bulk-target" + b));
      }
      if (b == 3) {
        r.setInteractions(7, r.getInteractions(7).toBuilder().setEventId(""));
      }
      batches.add(r.build());
    }
    List<Long> acked = new ArrayList<>();
    BulkLoader.Totals t =
        BulkLoader.load(
            client(),
            batches.iterator(),
            2,
            (StreamInteractionsResponse r) -> {
              acked.add(r.getBatchId());
              if (r.getBatchId() == 3) {
                assertThat(r.getViolationsList())
                    .extracting(v -> v.getField())
                    .containsExactly("interactions[7].event_id");
              }
            });
    assertThat(acked).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    assertThat(t.accepted.get()).isEqualTo(500);
    assertThat(t.rejectedBatches.get()).isEqualTo(1);
    assertThat(sway("score", "--target", stack().queryTarget(), "x:bulk-target3")[0])
        .isEqualTo(SwayCli.EXIT_NOT_FOUND);
    assertThat(sway("score", "--target", stack().queryTarget(), "x:bulk-target4")[0]).isEqualTo(0);

    // The whole load again: every event is a duplicate, and every score is what one delivery gave.
    ListLeaderboardResponse before =
        client()
            .query()
            .listLeaderboard(ListLeaderboardRequest.newBuilder().setPageSize(1000).build());
    List<Score> scoresBefore = new ArrayList<>();
    for (var e : before.getEntriesList()) {
      scoresBefore.add(
          client()
              .query()
              .getScore(GetScoreRequest.newBuilder().setAccount(e.getAccount()).build())
              .getScore()
              .toBuilder()
              .clearUpdateTime()
              .clearPercentile()
              .clearScore()
              .build());
    }
    BulkLoader.Totals again = BulkLoader.load(client(), batches.iterator(), 4, r -> {});
    assertThat(again.accepted.get()).isZero();
    assertThat(again.duplicates.get()).isEqualTo(500);
    ListLeaderboardResponse after =
        client()
            .query()
            .listLeaderboard(ListLeaderboardRequest.newBuilder().setPageSize(1000).build());
    assertThat(after.getEntriesList()).isEqualTo(before.getEntriesList());
    for (int i = 0; i < scoresBefore.size(); i++) {
      assertThat(
              client()
                  .query()
                  .getScore(
                      GetScoreRequest.newBuilder()
                          .setAccount(before.getEntries(i).getAccount())
                          .build())
                  .getScore()
                  .toBuilder()
                  .clearUpdateTime()
                  .clearPercentile()
                  .clearScore()
                  .build())
          .isEqualTo(scoresBefore.get(i));
    }
  }

  // The help spells formats in lower case; the command takes them so.
  @Test
  void eraseWaitsForItsOperationOrLeavesItToBeFollowed() throws Exception {
    client()
        .ingest()
        .recordInteractions(
            RecordInteractionsRequest.newBuilder()
                .addInteractions(share("cli-e1", "p", "cli-erase-a"))
                .addInteractions(share("cli-e2", "p", "cli-erase-b"))
                .build());
    String[] at = {
      "--ingest",
      stack().ingestTarget(),
      "--query",
      stack().queryTarget(),
      "--api-key",
      stack().apiKey()
    };

    Object[] waited = sway(concat(new String[] {"erase", "--account", "x:cli-erase-a"}, at));
    assertThat(waited[0]).isEqualTo(0);
    assertThat((String) waited[1])
        .contains(
            "erasing x:cli-erase-a",
            "erased 1 account(s)",
            "stay suppressed",
            "sway unsuppress --account");
    assertThat(sway("score", "--target", stack().queryTarget(), "x:cli-erase-a")[0])
        .isEqualTo(SwayCli.EXIT_NOT_FOUND);
    Object[] lifted = sway(concat(new String[] {"unsuppress", "--account", "x:cli-erase-a"}, at));
    assertThat(lifted[0]).isEqualTo(0);
    assertThat((String) lifted[1]).contains("suppression lifted");
    assertThat(
            (String) sway(concat(new String[] {"unsuppress", "--account", "x:cli-erase-a"}, at))[1])
        .contains("was not suppressed");
    Object[] registered = sway(concat(new String[] {"register", "x:cli-reg-1", "x:cli-reg-2"}, at));
    assertThat(registered[0]).isEqualTo(0);
    assertThat((String) registered[1]).contains("registered 2 new account(s) of 2");

    Object[] started =
        sway(concat(new String[] {"erase", "--no-wait", "--account", "x:cli-erase-b"}, at));
    assertThat(started[0]).isEqualTo(0);
    Matcher name =
        Pattern.compile("sway operation (operations/erase-[0-9a-f-]+)")
            .matcher((String) started[1]);
    assertThat(name.find()).as((String) started[1]).isTrue();
    Object[] followed;
    long deadline = System.nanoTime() + 30_000_000_000L;
    do {
      Thread.sleep(50);
      followed = sway(concat(new String[] {"operation", name.group(1)}, at));
    } while ((int) followed[0] == 4 && System.nanoTime() < deadline);
    assertThat(followed[0]).isEqualTo(0);
    assertThat((String) followed[1]).contains("erased 1 account(s)");
  }

  static String[] concat(String[] a, String[] b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void formatsAreTakenWhateverTheirCase() throws Exception {
    Path file = Files.createTempFile("sway-higgs", ".log");
    // Times of today: the stack is shared with the other tests, whose leaderboards must not see
    // old accounts decay under them.
    long now = System.currentTimeMillis() / 1000 - 60;
    Files.writeString(file, "101 102 " + now + " RT\n103 104 " + (now + 1) + " MT\n");
    try {
      for (String format : List.of("higgs", "HIGGS", "Higgs")) {
        Object[] r =
            sway(
                "ingest",
                "--ingest",
                stack().ingestTarget(),
                "--query",
                stack().queryTarget(),
                "--api-key",
                stack().apiKey(),
                "--no-progress",
                "--format",
                format,
                file.toString());
        assertThat(r[0]).as(format).isEqualTo(0);
        assertThat((String) r[1]).as(format).contains("accepted");
      }
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
