package dev.sway.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sway.model.InteractionKind;
import dev.sway.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EvaluationStabilityTest {
  private static final long T0 = 1_700_000_000L;

  /**
   * A few thousand interactions among 300 accounts over ten days, with repeats and pairs both ways.
   */
  private static List<Interaction> events(long seed) {
    Random rnd = new Random(seed);
    InteractionKind[] kinds = InteractionKind.values();
    List<Interaction> out = new ArrayList<>();
    long t = T0;
    for (int i = 0; i < 3_000; i++) {
      int actor = rnd.nextInt(300);
      int target = (int) Math.min(299, Math.abs(rnd.nextGaussian()) * 40);
      if (actor == target) {
        continue;
      }
      t += rnd.nextInt(300);
      out.add(new Interaction(i + 1, actor, target, t, kinds[rnd.nextInt(kinds.length)], true));
    }
    return out;
  }

  @Test
  void batchesOfOneAndOfAThousandGiveBitIdenticalRawScores() {
    List<Interaction> events = events(7);
    int[] accounts = IntStream.range(0, 300).toArray();
    long at = (events.get(events.size() - 1).timeS() + 1) * 1000;

    double[] thousand = SwayRun.score(events, ModelConfig.DEFAULT, 1000, accounts, at).raw();
    double[] one = SwayRun.score(events, ModelConfig.DEFAULT, 1, accounts, at).raw();
    double[] again = SwayRun.score(events, ModelConfig.DEFAULT, 1000, accounts, at).raw();
    double[] uneven = SwayRun.score(events, ModelConfig.DEFAULT, 37, accounts, at).raw();

    assertThat(TemporalEvaluation.bitIdentical(thousand, one)).isTrue();
    assertThat(TemporalEvaluation.bitIdentical(thousand, again)).isTrue();
    assertThat(TemporalEvaluation.bitIdentical(thousand, uneven)).isTrue();
    assertThat(Arrays.stream(thousand).max().orElse(0)).isPositive();
  }

  @Test
  void theEvaluationReportsItsStabilityRowsAsIdentical() {
    List<Interaction> events = Datasets.timeOrdered(events(11));
    long cut = events.get(2_000).timeS();
    Dataset d =
        new Dataset(
            "sample",
            "sample",
            events,
            Cuts.single(cut, Long.MAX_VALUE / 2, "d MMM", "one cut"),
            "received",
            "after",
            Dataset.Measure.DISTINCT_ENGAGERS,
            "");

    TemporalEvaluation.Result r =
        TemporalEvaluation.run(
            d, List.of(ModelConfig.DEFAULT), Ablations.variants(ModelConfig.DEFAULT));

    assertThat(r.stable()).isTrue();
    assertThat(r.stability()).hasSize(4);
    assertThat(r.stability().stream().filter(TemporalEvaluation.Stability::required))
        .hasSize(3)
        .allSatisfy(
            row -> {
              assertThat(row.identical()).isTrue();
              assertThat(row.maxRawDifference()).isZero();
              assertThat(row.spearman()).isEqualTo(r.rows().get(0).spearman()[0]);
            });
    // Applied in shuffled arrival order, the engager contexts change (an engager is weighed by what
    // has arrived of it): measured, reported, and small next to the scores themselves.
    TemporalEvaluation.Stability arrival = r.stability().get(3);
    assertThat(arrival.required()).isFalse();
    assertThat(arrival.maxRawDifference()).isPositive().isLessThan(20);
  }

  @Test
  void aShuffledFileGivesTheSameEventsInTheSameOrder() {
    List<Interaction> events = events(5);
    List<Interaction> shuffled = new ArrayList<>(events);
    java.util.Collections.shuffle(shuffled, new Random(3));

    assertThat(content(Datasets.timeOrdered(shuffled)))
        .isEqualTo(content(Datasets.timeOrdered(events)));
    assertThat(shuffled).isNotEqualTo(events);
  }

  /** What the model sees of each event: everything but the source line. */
  private static List<String> content(List<Interaction> events) {
    return events.stream()
        .map(e -> e.timeS() + " " + e.kind() + " " + e.actor() + " " + e.target())
        .toList();
  }

  @Test
  void rankingStatisticsOnASmallExample() {
    double[] truth = {0, 1, 2, 3, 4};
    assertThat(Ranking.spearman(new double[] {10, 20, 30, 40, 50}, truth)).isEqualTo(1.0);
    assertThat(Ranking.spearman(new double[] {50, 40, 30, 20, 10}, truth)).isEqualTo(-1.0);
    assertThat(Ranking.precisionAtK(new double[] {0, 0, 0, 9, 8}, truth, 2)).isEqualTo(1.0);
    // Ties in the first key are ordered by the second, equal pairs stay tied.
    assertThat(TemporalEvaluation.tieBroken(new double[] {1, 1, 0, 1}, new double[] {5, 3, 9, 5}))
        .containsExactly(2, 1, 0, 2);
  }
}
