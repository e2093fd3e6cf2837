package dev.sway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sway.local.LocalRedis;
import dev.sway.v1.AccountRef;
import dev.sway.v1.GetScoreHistoryRequest;
import dev.sway.v1.GetScoreHistoryResponse;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.Interaction;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.ListLeaderboardRequest;
import dev.sway.v1.ListLeaderboardResponse;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.Score;
import dev.sway.v1.StreamInteractionsRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A score is a measurement, checked end to end over real sockets: identical loads give identical
 * scores whatever the batch sizes and background timing; a crowd of throwaway accounts stays worth
 * little when the population calibration is in force; and an idle account falls as days pass
 * without any event of its own.
 */
class ScoreTrustTest {
  static final long DAY_MS = 86_400_000L;

  /** A clock tests move by hand. */
  static final class MovableClock extends Clock {
    final AtomicLong ms;

    MovableClock(long startMs) {
      ms = new AtomicLong(startMs);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(ms.get());
    }
  }

  static AccountRef acct(String id) {
    return AccountRef.newBuilder().setNetwork("x").setAccountId(id).build();
  }

  static Interaction event(String id, InteractionType type, String actor, String target, long t) {
    return Interaction.newBuilder()
        .setEventId(id)
        .setType(type)
        .setActor(acct(actor))
        .setTarget(acct(target))
        .setEventTime(Timestamps.fromMillis(t))
        .build();
  }

  static Iterator<StreamInteractionsRequest> batches(SyntheticNetwork net, int size) {
    return DemoCommand.batches(net.snapshots, net.interactions, size);
  }

  static List<LeaderboardEntry> wholeBoard(SwayClient c) {
    List<LeaderboardEntry> all = new ArrayList<>();
    String token = "";
    do {
      ListLeaderboardResponse page =
          c.query()
              .listLeaderboard(
                  ListLeaderboardRequest.newBuilder()
                      .setPageSize(1000)
                      .setPageToken(token)
                      .build());
      all.addAll(page.getEntriesList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return all;
  }

  /**
   * A stack for tests at a realistic population (the query service re-reads the histogram every 100
   * ms), and its background network loaded: the whole board once the sweep and the calibration have
   * caught up.
   */
  static List<LeaderboardEntry> loadBackground(LocalStack stack, SwayClient c, SyntheticNetwork net)
      throws Exception {
    BulkLoader.load(c, batches(net, 1000), 2, r -> {});
    stack.awaitDecaySweep(60_000);
    Thread.sleep(500);
    return wholeBoard(c);
  }

  /** Settings of a stack for {@link #loadBackground}. */
  static final Map<String, String> FAST_CALIBRATION = Map.of("calibration-refresh-ms", "100");

  /** Loads a network, waits for the sweep and the calibration, and returns the whole board. */
  static List<LeaderboardEntry> loadAndRank(SyntheticNetwork net, int batchSize, long sweepMs)
      throws Exception {
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(0, 0, 0, false, sweepMs));
        SwayClient c = stack.client(30_000)) {
      // One batch in flight at a time: the same events in the same order.
      BulkLoader.Totals t = BulkLoader.load(c, batches(net, batchSize), 1, r -> {});
      assertThat(t.accepted.get()).isEqualTo(net.interactions.size());
      assertThat(stack.awaitDecaySweep(60_000)).isTrue();
      Thread.sleep(1200); // query re-reads the histogram every 500 ms
      return wholeBoard(c);
    }
  }

  @Test
  void identicalLoadsGiveIdenticalScoresWhateverTheBatchesAndBackgroundTiming() throws Exception {
    long now = System.currentTimeMillis();
    SyntheticNetwork net = SyntheticNetwork.generate(1500, 12_000, true, 11, now);
    List<LeaderboardEntry> a = loadAndRank(net, 1000, 100);
    List<LeaderboardEntry> b = loadAndRank(net, 37, 3000);

    assertThat(a).hasSizeGreaterThan(1000);
    assertThat(b).hasSameSizeAs(a);
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.get(i)).as("rank %s", i + 1).isEqualTo(a.get(i));
    }
    // The top is resolved: distinct raw scores show distinct scores.
    List<Double> top = a.subList(0, 20).stream().map(e -> e.getScore()).distinct().toList();
    assertThat(top).hasSizeGreaterThan(15);
  }

  @Test
  void throwawayCrowdsStayWorthLittleAtARealisticPopulation() throws Exception {
    long now = System.currentTimeMillis();
    SyntheticNetwork net = SyntheticNetwork.generate(6000, 30_000, false, 12, now);
    try (LocalStack stack = LocalStack.start(new LocalStack.Options(0, 0, 0, false, 500));
        SwayClient c = stack.client(30_000)) {
      BulkLoader.load(c, batches(net, 1000), 4, r -> {});
      // The accounts the respected target's shares come from: the network's leaders.
      stack.awaitDecaySweep(60_000);
      Thread.sleep(1200);
      List<LeaderboardEntry> board = wholeBoard(c);
      assertThat(board.size()).isGreaterThanOrEqualTo(5000);
      List<String> respectedSharers =
          board.subList(board.size() / 20, board.size() / 20 + 100).stream()
              .map(e -> e.getAccount().getAccountId())
              .toList();

      List<StreamInteractionsRequest> load = new ArrayList<>();
      StreamInteractionsRequest.Builder bait = StreamInteractionsRequest.newBuilder();
      bait.addSnapshots(
          ProfileSnapshot.newBuilder()
              .setAccount(acct("baiter"))
              .setFollowers(2000)
              .setFollowing(300)
              .setPosts(100)
              .setObserveTime(Timestamps.fromMillis(now - 60_000)));
      bait.addSnapshots(
          ProfileSnapshot.newBuilder()
              .setAccount(acct("respected"))
              .setFollowers(2000)
              .setFollowing(300)
              .setPosts(100)
              .setObserveTime(Timestamps.fromMillis(now - 60_000)));
      for (int i = 0; i < 3000; i++) {
        bait.addInteractions(
            event(
                "bait" + i,
                InteractionType.INTERACTION_TYPE_COMMENT,
                "throwaway" + i,
                "baiter",
                now - 50_000 + i));
      }
      for (int i = 0; i < respectedSharers.size(); i++) {
        bait.addInteractions(
            event(
                "share" + i,
                InteractionType.INTERACTION_TYPE_SHARE,
                respectedSharers.get(i),
                "respected",
                now - 50_000 + i));
      }
      load.add(bait.build());
      BulkLoader.load(c, load.iterator(), 1, r -> {});
      Thread.sleep(1200);

      Score baiter =
          c.query()
              .getScore(GetScoreRequest.newBuilder().setAccount(acct("baiter")).build())
              .getScore();
      Score respected =
          c.query()
              .getScore(GetScoreRequest.newBuilder().setAccount(acct("respected")).build())
              .getScore();
      // 3,000 comments from 3,000 throwaway accounts lose to 100 shares from ordinary good
      // accounts,
      // although the throwaways are now a third of everyone scored... none of them is scored at
      // all.
      assertThat(respected.getScore()).isGreaterThan(baiter.getScore());
      assertThat(respected.getComponents().getAuthority())
          .isGreaterThan(2 * baiter.getComponents().getAuthority());
    }
  }

  @Test
  void anIdleAccountFallsInGetScoreAndOnTheLeaderboardAsDaysPass() throws Exception {
    long t0 = System.currentTimeMillis() - 3 * DAY_MS;
    MovableClock clock = new MovableClock(t0);
    try (LocalStack stack =
            LocalStack.start(
                new LocalStack.Options(0, 0, 0, false, 100),
                LocalRedis.start(),
                clock,
                Map.of("decay-clock", "wall"));
        SwayClient c = stack.client(30_000)) {
      StreamInteractionsRequest.Builder b = StreamInteractionsRequest.newBuilder();
      for (int i = 0; i < 50; i++) {
        b.addInteractions(
            event(
                "i" + i, InteractionType.INTERACTION_TYPE_SHARE, "fan" + i, "idle", t0 - 1000 + i));
        b.addInteractions(
            event(
                "s" + i,
                InteractionType.INTERACTION_TYPE_SHARE,
                "fan" + i,
                "steady",
                t0 - 1000 + i));
      }
      BulkLoader.load(c, List.of(b.build()).iterator(), 1, r -> {});
      double before = rawOnBoard(c, "idle");
      assertThat(rawOnBoard(c, "steady")).isEqualTo(before);
      Score first = score(c, "idle");

      double previous = first.getComponents().getAmplification();
      for (int day = 1; day <= 3; day++) {
        clock.ms.addAndGet(DAY_MS);
        // Nothing arrives for either account: the wall clock alone moves the score clock.
        long deadline = System.currentTimeMillis() + 20_000;
        while (score(c, "idle").getComponents().getAmplification() >= previous
            && System.currentTimeMillis() < deadline) {
          Thread.sleep(100);
        }
        double amp = score(c, "idle").getComponents().getAmplification();
        assertThat(amp).as("amplification after %s idle days", day).isLessThan(previous);
        previous = amp;
      }
      assertThat(rawOnBoard(c, "idle")).isLessThan(before);

      GetScoreHistoryResponse h =
          c.query()
              .getScoreHistory(
                  GetScoreHistoryRequest.newBuilder().setAccount(acct("idle")).build());
      // One stored day and three derived by decay, ending at today's score.
      assertThat(h.getPointsCount()).isEqualTo(4);
      assertThat(h.getPoints(3).getScore()).isEqualTo(score(c, "idle").getScore());
      assertThat(h.getPoints(3).getComponents().getAmplification())
          .isCloseTo(score(c, "idle").getComponents().getAmplification(), Assertions.within(0.01));
    }
  }

  static Score score(SwayClient c, String id) {
    return c.query().getScore(GetScoreRequest.newBuilder().setAccount(acct(id)).build()).getScore();
  }

  static double rawOnBoard(SwayClient c, String id) {
    for (LeaderboardEntry e : wholeBoard(c)) {
      if (e.getAccount().getAccountId().equals(id)) {
        return e.getScore();
      }
    }
    throw new AssertionError(id + " is not on the leaderboard");
  }
}
