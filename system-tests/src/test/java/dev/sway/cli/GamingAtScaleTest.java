package dev.sway.cli;

import static dev.sway.cli.ScoreTrustTest.acct;
import static dev.sway.cli.ScoreTrustTest.event;
import static dev.sway.cli.ScoreTrustTest.wholeBoard;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.StreamInteractionsRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The defences against gaming, end to end at a realistic population (3,000 heavy-tailed background
 * accounts, the population calibration in force), each with a margin larger than the calibration's
 * own step where the accounts land: the difference in displayed score between the leaderboard
 * neighbours at that rank, or a point, whichever is larger.
 */
class GamingAtScaleTest {
  private static final InteractionType LIKE = InteractionType.INTERACTION_TYPE_LIKE;
  private static final InteractionType SHARE = InteractionType.INTERACTION_TYPE_SHARE;
  private static final InteractionType COMMENT = InteractionType.INTERACTION_TYPE_COMMENT;

  private long now;
  private int nextId;
  private final StreamInteractionsRequest.Builder load = StreamInteractionsRequest.newBuilder();

  @Test
  void superfansBaitPodsAndFarmsLoseByMoreThanTheCalibrationsStep() throws Exception {
    // The load's clock: 06:00 UTC today, so the background (and which mid-board account becomes
    // the superfan) does not change with the hour the test runs at; the margins move with it.
    long dayMs = 86_400_000L;
    now = Math.floorDiv(System.currentTimeMillis(), dayMs) * dayMs + 6 * 3_600_000L;
    SyntheticNetwork net = SyntheticNetwork.generate(3000, 30_000, false, 31, now);
    try (LocalStack stack = LocalStack.startWith(ScoreTrustTest.FAST_CALIBRATION);
        SwayClient c = stack.client(30_000)) {
      List<LeaderboardEntry> before = ScoreTrustTest.loadBackground(stack, c, net);
      // Ordinary engagers: accounts from the middle of the board; respected ones: the top 5 %.
      List<String> ordinary = ids(before, before.size() / 2, 400);
      List<String> respected = ids(before, before.size() / 20, 100);
      String[] subjects = {
        "quiet", "superfan", "tenfans", "baiter", "respected", "pod0", "honest", "farmed", "liked"
      };
      for (String s : subjects) {
        snapshot(s);
      }
      for (int i = 0; i < 200; i++) {
        add(LIKE, ordinary.get(0), "superfan"); // one superfan, 200 likes
      }
      for (int i = 0; i < 10; i++) {
        add(LIKE, ordinary.get(1 + i), "tenfans"); // ten people, one like each
      }
      for (int i = 0; i < 1000; i++) {
        add(COMMENT, "throwaway" + i, "baiter"); // bait: 1,000 comments from throwaways
      }
      for (String r : respected) {
        add(SHARE, r, "respected"); // 100 shares from respected accounts
      }
      // A pod of eight sharing each other's posts five times each way; the honest account gets
      // one share from each of seven ordinary accounts and is as active: it shares 35 posts of
      // others, as each pod member does.
      for (int i = 0; i < 8; i++) {
        snapshot("pod" + i);
      }
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 8; i++) {
          for (int j = 0; j < 8; j++) {
            if (i != j) {
              add(SHARE, "pod" + i, "pod" + j);
            }
          }
        }
      }
      for (int i = 0; i < 7; i++) {
        add(SHARE, ordinary.get(20 + i), "honest");
      }
      for (int i = 0; i < 35; i++) {
        add(SHARE, "honest", ordinary.get(100 + i));
      }
      // A farm handing out 2,000 likes in a day, one of them to "farmed"; "liked" gets one like
      // from an ordinary account.
      for (int i = 0; i < 2000; i++) {
        add(LIKE, "farm", i == 1000 ? "farmed" : "farmvictim" + i);
      }
      add(LIKE, ordinary.get(30), "liked");
      BulkLoader.load(c, List.of(load.build()).iterator(), 1, r -> {});
      Thread.sleep(500);
      List<LeaderboardEntry> board = wholeBoard(c);

      // One superfan is worth less than ten people, and barely more than nobody.
      assertLoses(board, "superfan", "tenfans");
      assertThat(score(c, "superfan") - score(c, "quiet"))
          .isLessThan(0.5 * (score(c, "tenfans") - score(c, "quiet")));
      assertLoses(board, "baiter", "respected");
      assertLoses(board, "pod0", "honest");
      assertLoses(board, "farmed", "liked");
    }
  }

  /** {@code loser} scores below {@code winner} by more than the calibration's step there. */
  private static void assertLoses(List<LeaderboardEntry> board, String loser, String winner) {
    int at = rankOf(board, loser);
    double step = 1.0;
    for (int r = Math.max(0, at - 1); r < Math.min(board.size() - 1, at + 1); r++) {
      step = Math.max(step, board.get(r).getScore() - board.get(r + 1).getScore());
    }
    double margin = board.get(rankOf(board, winner)).getScore() - board.get(at).getScore();
    System.out.printf(
        "%s %.1f loses to %s by %.1f (step %.1f)%n",
        loser, board.get(at).getScore(), winner, margin, step);
    assertThat(margin).as("%s against %s", loser, winner).isGreaterThan(step);
  }

  private static int rankOf(List<LeaderboardEntry> board, String id) {
    for (int i = 0; i < board.size(); i++) {
      if (board.get(i).getAccount().getAccountId().equals(id)) {
        return i;
      }
    }
    throw new AssertionError(id + " is not on the board");
  }

  private static List<String> ids(List<LeaderboardEntry> board, int from, int n) {
    List<String> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(board.get(i).getAccount().getAccountId());
    }
    return out;
  }

  private void snapshot(String id) {
    load.addSnapshots(
        ProfileSnapshot.newBuilder()
            .setAccount(acct(id))
            .setFollowers(500)
            .setFollowing(300)
            .setPosts(100)
            .setObserveTime(Timestamps.fromMillis(now - 50_000)));
  }

  private void add(InteractionType type, String actor, String target) {
    int id = nextId++;
    load.addInteractions(event("g" + id, type, actor, target, now - 40_000 + id));
  }

  private static double score(SwayClient c, String id) {
    return c.query()
        .getScore(GetScoreRequest.newBuilder().setAccount(acct(id)).build())
        .getScore()
        .getScore();
  }
}
