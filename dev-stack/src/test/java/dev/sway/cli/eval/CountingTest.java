package dev.sway.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.sway.model.InteractionKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CountingTest {
  private static final long DAY = 86_400L;
  private static final long CUT = 1_700_000_000L;

  private static Interaction at(long line, int actor, int target, long daysBeforeCut, boolean m) {
    return new Interaction(
        line, actor, target, CUT - daysBeforeCut * DAY, InteractionKind.SHARE, m);
  }

  /**
   * Account 1 is engaged by 2 three days and one day before the cut and by 3 two days before it;
   * account 2 by 4, 40 days before; account 4 by 2, 30 days before, with a kind that is not
   * measured.
   */
  private static final List<Interaction> KNOWN =
      List.of(
          at(1, 4, 2, 40, true),
          at(2, 2, 4, 30, false),
          at(3, 2, 1, 3, true),
          at(4, 3, 1, 2, true),
          at(5, 2, 1, 1, true));

  @Test
  void decayedCountsWeighEachInteractionByItsAgeAtTheCut() {
    Map<Integer, Integer> position = Map.of(1, 0, 4, 1, 2, 2);
    Map<String, double[]> c = Counting.at(KNOWN, position, CUT, "received");

    assertThat(c.keySet())
        .containsExactly(
            "received so far",
            "received, half-life 1 d",
            "received, half-life 3 d",
            "received, half-life 7 d",
            "received, half-life 30 d",
            "distinct engagers so far",
            "distinct engagers, half-life 1 d",
            "distinct engagers, half-life 3 d",
            "distinct engagers, half-life 7 d",
            "distinct engagers, half-life 30 d");
    // Received by 1: ages 3, 2 and 1 days. Account 4's interaction is not measured.
    assertThat(c.get("received so far")).containsExactly(3, 0, 1);
    assertThat(c.get("received, half-life 1 d")[0]).isCloseTo(0.125 + 0.25 + 0.5, within(1e-12));
    assertThat(c.get("received, half-life 3 d")[0])
        .isCloseTo(0.5 + Math.pow(2, -2.0 / 3) + Math.pow(2, -1.0 / 3), within(1e-12));
    assertThat(c.get("received, half-life 30 d")[2])
        .isCloseTo(Math.pow(2, -40.0 / 30), within(1e-12));
    // Distinct engagers of 1: engager 2 once, at its latest (1 day), engager 3 at 2 days.
    assertThat(c.get("distinct engagers so far")).containsExactly(2, 1, 1);
    assertThat(c.get("distinct engagers, half-life 1 d")[0]).isCloseTo(0.5 + 0.25, within(1e-12));
    assertThat(c.get("distinct engagers, half-life 7 d")[0])
        .isCloseTo(Math.pow(2, -1.0 / 7) + Math.pow(2, -2.0 / 7), within(1e-12));
    // An engager of any kind counts, measured or not: 2 mentioned 4 thirty days before.
    assertThat(c.get("distinct engagers, half-life 30 d")[1]).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void accountsOutsideThePopulationAreIgnored() {
    Map<String, double[]> c = Counting.at(KNOWN, Map.of(4, 0), CUT, "received");

    assertThat(c.get("received so far")).containsExactly(0);
    assertThat(c.get("distinct engagers so far")).containsExactly(1);
  }
}
