package dev.sway.cli;

import static dev.sway.cli.ScoreTrustTest.acct;
import static dev.sway.cli.ScoreTrustTest.event;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.v1.GetScoreRequest;
import dev.sway.v1.InteractionType;
import dev.sway.v1.LeaderboardEntry;
import dev.sway.v1.Score;
import dev.sway.v1.StreamInteractionsRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The top of a realistic population, end to end: 3,000 accounts with heavy-tailed audiences and
 * engagement, the population calibration in force. Accounts ranked 1, 2, 3, 10 and 100 in turn gain
 * one share from one new account per step; their displayed scores never go down, and an account
 * nothing happens to barely moves while they climb past it.
 */
class TopOfTheBoardTest {
  private static final int[] RANKS = {1, 2, 3, 10, 100};
  private static final int STEPS = 20;

  @Test
  void accountsAtTheTopGainingAGenuineEngagerPerStepNeverDrop() throws Exception {
    long now = System.currentTimeMillis();
    SyntheticNetwork net = SyntheticNetwork.generate(3000, 30_000, false, 27, now);
    try (LocalStack stack = LocalStack.startWith(ScoreTrustTest.FAST_CALIBRATION);
        SwayClient c = stack.client(30_000)) {
      List<LeaderboardEntry> board = ScoreTrustTest.loadBackground(stack, c, net);
      assertThat(board.size()).isGreaterThanOrEqualTo(2900);
      List<String> climbers = new ArrayList<>();
      for (int rank : RANKS) {
        climbers.add(board.get(rank - 1).getAccount().getAccountId());
      }
      String bystander = board.get(4).getAccount().getAccountId(); // rank 5: nothing happens to it
      double bystanderBefore = score(c, bystander).getScore();
      double[] previous = new double[RANKS.length];
      double[] amplification = new double[RANKS.length];
      for (int k = 0; k < RANKS.length; k++) {
        Score s = score(c, climbers.get(k));
        previous[k] = s.getScore();
        amplification[k] = s.getComponents().getAmplification();
      }

      // One climber at a time, so that nothing but its own engagement changes: its fans give
      // engagement and receive none, so they are not scored and the rest of the population stays.
      for (int k = 0; k < RANKS.length; k++) {
        for (int step = 0; step < STEPS; step++) {
          String fan = "fan_" + k + "_" + step;
          StreamInteractionsRequest.Builder b = StreamInteractionsRequest.newBuilder();
          b.addInteractions(
              event(
                  "climb_" + k + "_" + step,
                  InteractionType.INTERACTION_TYPE_SHARE,
                  fan,
                  climbers.get(k),
                  now - 40_000 + (k * STEPS + step) * 100L));
          BulkLoader.load(c, List.of(b.build()).iterator(), 1, r -> {});
          Thread.sleep(250); // the query service re-reads the histogram every 100 ms
          Score s = score(c, climbers.get(k));
          assertThat(s.getScore())
              .as("the account ranked %d at the start, after %d new engagers", RANKS[k], step + 1)
              .isGreaterThanOrEqualTo(previous[k]);
          assertThat(s.getComponents().getAmplification()).isGreaterThanOrEqualTo(amplification[k]);
          previous[k] = s.getScore();
          amplification[k] = s.getComponents().getAmplification();
        }
      }
      // The climbers passed it or drew level with it; nothing happened to it.
      assertThat(Math.abs(score(c, bystander).getScore() - bystanderBefore))
          .isLessThanOrEqualTo(1.0);
    }
  }

  private static Score score(SwayClient c, String id) {
    return c.query().getScore(GetScoreRequest.newBuilder().setAccount(acct(id)).build()).getScore();
  }
}
