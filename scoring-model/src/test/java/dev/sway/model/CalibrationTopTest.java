package dev.sway.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the displayed score promises at the top of the distribution, where people look: it never
 * falls when the account's own raw score rises (its own move through the histogram included), one
 * account passing another barely moves it, and the top account's score does not hang on how many
 * accounts sit just below it — at every population size from the calibration's minimum up.
 */
class CalibrationTopTest {
  private static final int[] SIZES = {1_000, 3_000, 10_000, 100_000};
  private static final int[] RANKS = {1, 2, 3, 10, 100};

  /**
   * A heavy-tailed population like a real network's: a third of the accounts barely engaged (raw
   * under 0.5), the rest with log-scaled Pareto engagement, so the top is a sparse tail.
   */
  static double[] heavyTailed(int n, long seed) {
    Random rnd = new Random(seed);
    double[] raws = new double[n];
    for (int i = 0; i < n; i++) {
      if (rnd.nextInt(3) == 0) {
        raws[i] = 0.5 * rnd.nextDouble();
      } else {
        double engagement = Math.pow(1 - rnd.nextDouble(), -1 / 1.2); // Pareto, alpha 1.2
        raws[i] = Math.min(100, 12 * Math.log10(engagement) + rnd.nextDouble());
      }
    }
    Arrays.sort(raws);
    return raws;
  }

  static RawHistogram histogram(double[] raws) {
    RawHistogram h = new RawHistogram();
    for (double r : raws) {
      h.add(r);
    }
    return h;
  }

  /** The displayed score of the account at index {@code i}, its own entry in the histogram. */
  private static double shown(double[] raws, int i) {
    return Calibration.of(histogram(raws)).scoreOf(raws[i]);
  }

  @Test
  void anAccountsScoreNeverFallsAsItsOwnRawScoreRisesThroughTheHistogram() {
    for (int n : SIZES) {
      double[] raws = heavyTailed(n, n);
      RawHistogram rest = histogram(raws);
      Random rnd = new Random(n + 1);
      for (int rank : RANKS) {
        int i = n - rank;
        // The account leaves its bucket: the histogram holds the others, then it at its new raw.
        rest.addToBucket(RawHistogram.bucket(raws[i]), -1);
        double raw = raws[i] - 0.05;
        double previous = -1;
        for (int step = 0; step < 400; step++) {
          // Steps of a tenth of a bucket to several buckets: inside buckets and across them.
          raw += 0.0001 + rnd.nextDouble() * (step % 7 == 0 ? 0.01 : 0.0012);
          RawHistogram withIt = RawHistogram.fromBytes(rest.toBytes());
          withIt.add(raw);
          double score = Calibration.of(withIt).scoreOf(raw);
          assertThat(score)
              .as("population %d, rank %d, step %d (raw %.5f)", n, rank, step, raw)
              .isGreaterThanOrEqualTo(previous);
          previous = score;
        }
        rest.addToBucket(RawHistogram.bucket(raws[i]), 1);
      }
    }
  }

  /**
   * One account passing another: from just below it, or jumping from the median or the bottom. At
   * 3,000 accounts and more neither moves the passed account by more than a point; at 1,000 (a tail
   * of 100 accounts fits the scale, each weighing about 2 % of it) a neighbour passing moves it by
   * under a point and an account jumping from the bottom of the population to the top by up to 2.5
   * points.
   */
  @Test
  void anAccountPassedByOneOtherMovesByAtMostOnePoint() {
    for (int n : SIZES) {
      for (long seed = 1; seed <= 5; seed++) {
        double[] raws = heavyTailed(n, seed * n);
        for (int rank : RANKS) {
          int i = n - rank;
          double before = shown(raws, i);
          for (int passer : new int[] {i - 1, n / 2, 0}) {
            double[] moved = raws.clone();
            moved[passer] = raws[i] + 0.002;
            double after = shown(moved, i);
            double bound = passer == i - 1 || n >= 3_000 ? 1.0 : 2.5;
            assertThat(Math.abs(after - before))
                .as(
                    "population %d (seed %d), rank %d passed by the account at %d",
                    n, seed, rank, passer)
                .isLessThanOrEqualTo(bound);
          }
        }
      }
    }
  }

  /**
   * The same population, with the accounts ranked 2 to 6 where they are or all just below the top:
   * the top account's score is the same to within a point (each of them is beyond the tail's cap
   * either way, or near it).
   */
  @Test
  void theTopAccountsScoreDoesNotHangOnHowManyAccountsSitJustBelowIt() {
    for (int n : SIZES) {
      for (long seed = 1; seed <= 5; seed++) {
        double[] raws = heavyTailed(n, 11 * seed * n);
        double top = raws[n - 1];
        double spread = shown(raws, n - 1);
        double[] crowded = raws.clone();
        for (int j = 2; j <= 6; j++) {
          crowded[n - j] = top - 0.003 * (j - 1);
        }
        double close = Calibration.of(histogram(crowded)).scoreOf(top);
        assertThat(Math.abs(close - spread))
            .as("population %d (seed %d), ranks 2-6 just below the top", n, seed)
            .isLessThanOrEqualTo(1.0);
        // Under the former rank-only calibration the first three were ~98.5, 94.6, 89.5 whatever
        // their raw scores; now the top reads its distance into the tail.
        assertThat(spread).as("population %d", n).isGreaterThan(80.0);
      }
    }
  }

  @Test
  void theLeaderboardNeverContradictsItselfAndTheTopHasEveryoneElseBelow() {
    double[] raws = heavyTailed(3_000, 5);
    Calibration cal = Calibration.of(histogram(raws));
    double previous = 0;
    for (double raw : raws) {
      double score = cal.scoreOf(raw);
      assertThat(score).isBetween(1.0, 100.0).isGreaterThanOrEqualTo(previous);
      previous = score;
    }
    assertThat(cal.rankOf(raws[raws.length - 1])).isEqualTo(1.0);
    // The body is the exact rank: the median account reads 40.
    assertThat(cal.scoreOf(raws[raws.length / 2])).isBetween(39.5, 40.5);
  }

  @Test
  void theScoreIsContinuousInTheRawScore() {
    double[] raws = heavyTailed(10_000, 9);
    Calibration cal = Calibration.of(histogram(raws));
    double previous = cal.score(0);
    double largest = 0;
    for (double raw = 0; raw <= 100; raw += 0.0001) {
      double score = cal.score(raw);
      largest = Math.max(largest, score - previous);
      previous = score;
    }
    // A jump would show as a step far larger than the sweep's own step allows (the body's steepest
    // slope is one account per 0.001 raw: 1.6 points over 10,000 accounts at the median).
    assertThat(largest).isLessThan(0.05);
  }

  @Test
  void withoutTakesOutTheAccountOrTheNearestEntryBelowIt() {
    double[] raws = heavyTailed(2_000, 3);
    Calibration cal = Calibration.of(histogram(raws));
    // Above everyone, the highest account is taken out (a stale read of the top account).
    assertThat(cal.without(100.0).population()).isEqualTo(cal.population() - 1);
    assertThat(cal.without(100.0).score(100.0))
        .isEqualTo(cal.without(raws[raws.length - 1]).score(100.0));
    assertThat(Calibration.of(histogram(new double[0])).without(3)).isNotNull();
    assertThat(Calibration.bootstrap().without(5)).isNotNull();
    Calibration rest = cal.without(raws[0]);
    assertThat(rest.population()).isEqualTo(cal.population() - 1);
    // The tail fit is the calibration's: the same population, the same fit.
    assertThat(Calibration.of(histogram(raws)).tail()).isEqualTo(cal.tail());
    assertThat(cal.tail().start()).isGreaterThan(0);
    assertThat(cal.tail().scale()).isBetween(TailFit.MIN_SCALE, TailFit.MAX_SCALE);
  }

  @Test
  void theTailFitRecoversAnExponentialTailsScale() {
    Random rnd = new Random(13);
    double[] raws = new double[50_000];
    for (int i = 0; i < raws.length; i++) {
      raws[i] = Math.min(100, 3 + -4.0 * Math.log(1 - rnd.nextDouble())); // exponential, scale 4
    }
    TailFit fit = Calibration.of(histogram(raws)).tail();
    assertThat(fit.scale()).isCloseTo(4.0, org.assertj.core.api.Assertions.within(0.2));
    assertThat(fit.share()).isCloseTo(0.10, org.assertj.core.api.Assertions.within(1e-6));
    assertThat(fit.cap()).isCloseTo(2 * fit.scale(), org.assertj.core.api.Assertions.within(1e-9));
  }

  /**
   * The query service re-reads the histogram every half second, so it can read an account's new
   * record against a histogram that still holds the account at its previous raw score. For an
   * account that gained, that stale read gives the same score as a fresh one.
   */
  @Test
  void aStaleHistogramGivesAGainingAccountTheSameScoreAsAFreshOne() {
    double[] raws = heavyTailed(3_000, 17);
    RawHistogram stale = histogram(raws);
    for (int rank : RANKS) {
      int i = raws.length - rank;
      double gained = raws[i] + 0.01;
      double[] moved = raws.clone();
      moved[i] = gained;
      double fresh = Calibration.of(histogram(moved)).scoreOf(gained);
      assertThat(Calibration.of(stale).scoreOf(gained)).as("rank %d", rank).isEqualTo(fresh);
    }
  }
}
