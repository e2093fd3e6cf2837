package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.ListMoversRequest;
import dev.sway.v1.ListMoversResponse;
import dev.sway.v1.Score;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sway ingest} gives the same scores, history, movers and leaderboard whatever the order of
 * its files and of the rows inside them: a month of interactions and profile snapshots loaded as
 * the README does (events first), snapshots first with the rows shuffled, and split over several
 * shuffled files, each on a fresh stack.
 */
class LoadOrderTest {
  private static final long DAY_S = 86_400;

  @TempDir Path dir;

  /** A month among 120 accounts: a few popular ones, snapshots at the start and mid-month. */
  private record Month(List<String> events, List<String> profiles) {}

  private static Month month(long endS) {
    Random rnd = new Random(28);
    long startS = endS - 30 * DAY_S;
    List<String> events = new ArrayList<>();
    String[] types = {"like", "share", "reply", "comment", "mention"};
    for (int i = 0; i < 2000; i++) {
      int target = (int) Math.min(119, Math.abs(rnd.nextGaussian()) * 25);
      int actor = rnd.nextInt(120);
      if (actor == target) {
        continue;
      }
      long t = startS + (long) (rnd.nextDouble() * 30 * DAY_S);
      events.add(
          String.format(
              Locale.ROOT,
              "e%d,%s,x:u%d,x:u%d,%d,%s",
              i,
              types[rnd.nextInt(types.length)],
              actor,
              target,
              t,
              rnd.nextBoolean() ? "jazz" : "ai"));
    }
    List<String> profiles = new ArrayList<>();
    for (int a = 0; a < 120; a++) {
      long followers = (long) (50 * Math.pow(1 / (1 - rnd.nextDouble()), 1.2));
      for (long at : new long[] {startS - 3600, startS + 15 * DAY_S}) {
        profiles.add(
            String.format(
                Locale.ROOT,
                "{\"account\":\"x:u%d\",\"followers\":%d,\"following\":%d,\"posts\":%d,\"time\":%d}",
                a,
                followers + (at > startS ? a : 0),
                100 + a,
                10 + a + (at > startS ? 20 : 0),
                at));
      }
    }
    return new Month(events, profiles);
  }

  /** What a load shows: the whole board, and each top account's score, history and the movers. */
  private record Shown(
      List<LeaderboardEntry> board,
      List<Score> scores,
      List<GetScoreHistoryResponse> history,
      ListMoversResponse movers) {}

  private Shown load(List<Path> files) throws Exception {
    try (LocalStack stack = LocalStack.startWith(Map.of("calibration-refresh-ms", "100"));
        SwayClient c = stack.client(30_000)) {
      List<String> args = new ArrayList<>(List.of("ingest", "--no-progress"));
      files.forEach(f -> args.add(f.toString()));
      args.addAll(
          List.of(
              "--ingest",
              stack.ingestTarget(),
              "--target",
              stack.queryTarget(),
              "--api-key",
              stack.apiKey()));
      assertThat(FirstHourTest.sway(args.toArray(String[]::new)).code()).isZero();
      stack.awaitDecaySweep(60_000);
      Thread.sleep(400);
      List<LeaderboardEntry> board = ScoreTrustTest.wholeBoard(c);
      List<Score> scores = new ArrayList<>();
      List<GetScoreHistoryResponse> history = new ArrayList<>();
      for (LeaderboardEntry e : board.subList(0, 10)) {
        AccountRef a = e.getAccount();
        // The update time is when the write happened (wall clock), not part of the measurement.
        scores.add(
            c
                .query()
                .getScore(GetScoreRequest.newBuilder().setAccount(a).build())
                .getScore()
                .toBuilder()
                .clearUpdateTime()
                .build());
        history.add(
            c.query().getScoreHistory(GetScoreHistoryRequest.newBuilder().setAccount(a).build()));
      }
      ListMoversResponse movers =
          c.query().listMovers(ListMoversRequest.newBuilder().setWindowDays(7).build());
      return new Shown(board, scores, history, movers);
    }
  }

  private Path write(String name, List<String> lines) throws Exception {
    return Files.write(dir.resolve(name), lines);
  }

  private static <T> List<T> shuffled(List<T> in, long seed) {
    List<T> out = new ArrayList<>(in);
    Collections.shuffle(out, new Random(seed));
    return out;
  }

  @Test
  void theSameEventsGiveTheSameScoresHistoryAndMoversInAnyFileAndRowOrder() throws Exception {
    Month m = month(System.currentTimeMillis() / 1000 - 3600);
    String header = "event_id,type,actor,target,time,topics";
    List<String> sortedEvents = new ArrayList<>(m.events());
    sortedEvents.sort((a, b) -> Long.compare(time(a), time(b)));

    Path events = write("events.csv", prepend(header, sortedEvents));
    Path profiles = write("profiles.jsonl", m.profiles());
    Shown readme = load(List.of(events, profiles));

    List<String> mixed = shuffled(m.events(), 1);
    Path shuffledEvents = write("shuffled.csv", prepend(header, mixed));
    Path shuffledProfiles = write("shuffled.jsonl", shuffled(m.profiles(), 2));
    Shown snapshotsFirst = load(List.of(shuffledProfiles, shuffledEvents));

    int half = mixed.size() / 2;
    Path a = write("a.csv", prepend(header, mixed.subList(0, half)));
    Path b = write("b.csv", prepend(header, mixed.subList(half, mixed.size())));
    Shown split = load(List.of(b, shuffledProfiles, a));

    assertThat(readme.board()).hasSizeGreaterThan(100);
    assertThat(readme.history().get(0).getPointsList()).hasSizeGreaterThan(20);
    assertThat(readme.movers().getMoversList()).isNotEmpty();
    for (Shown other : List.of(snapshotsFirst, split)) {
      assertThat(other.board()).isEqualTo(readme.board());
      assertThat(other.scores()).isEqualTo(readme.scores());
      assertThat(other.history()).isEqualTo(readme.history());
      assertThat(other.movers()).isEqualTo(readme.movers());
    }
  }

  private static long time(String csvLine) {
    return Long.parseLong(csvLine.split(",")[4]);
  }

  private static List<String> prepend(String header, List<String> rows) {
    List<String> out = new ArrayList<>();
    out.add(header);
    out.addAll(rows);
    return out;
  }
}
