package dev.sway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  private static final int POPULATION = 20_000;

  // Raw scores of a skewed population: lognormal with median 6, clipped to the 0-100 range.
  private static double[] population(int n, long seed) {
    Random random = new Random(seed);
    double[] raws = new double[n];
    for (int i = 0; i < n; i++) {
      raws[i] = Math.min(100, Math.exp(Math.log(6) + random.nextGaussian()));
    }
    return raws;
  }

  // The same shape, narrow enough that no raw score reaches the cap of 100 (where accounts tie).
  private static double[] unclipped(int n, long seed) {
    Random random = new Random(seed);
    double[] raws = new double[n];
    for (int i = 0; i < n; i++) {
      raws[i] = Math.exp(Math.log(6) + 0.6 * random.nextGaussian());
    }
    return raws;
  }

  private static RawHistogram fill(double[] raws) {
    RawHistogram h = new RawHistogram();
    for (double raw : raws) {
      h.add(raw);
    }
    return h;
  }

  // The documented percentile → score anchors: 0→1, p50→40, p95→63, p99.9→86, 100→100.
  private static double scoreAtRank(double q) {
    double[] ranks = {0.0, 0.50, 0.95, 0.999, 1.0};
    double[] scores = {1, 40, 63, 86, 100};
    double x = Math.max(0, Math.min(1, q));
    int i = 1;
    while (i < ranks.length - 1 && x > ranks[i]) {
      i++;
    }
    double t = (x - ranks[i - 1]) / (ranks[i] - ranks[i - 1]);
    return scores[i - 1] + t * (scores[i] - scores[i - 1]);
  }

  private static double percentile(double[] sorted, double q) {
    return sorted[(int) (q * sorted.length)];
  }

  // Until a population exists the bootstrap table scores everyone: valid 1-100, never inverted.
  @Test
  void bootstrapIsMonotoneAndWithinOneToHundred() {
    Calibration boot = Calibration.bootstrap();
    assertThat(boot.isPopulationBased()).isFalse();
    double previous = 0;
    for (double raw = -10; raw <= 110; raw += 0.05) {
      double score = boot.score(raw);
      assertThat(score).isBetween(1.0, 100.0).isGreaterThanOrEqualTo(previous);
      previous = score;
    }
  }

  // Cold start is documented as anchors raw 6 → p50, 22 → p95, 45 → p99.9, linear in between.
  @Test
  void bootstrapHitsItsAnchors() {
    Calibration boot = Calibration.bootstrap();
    assertThat(boot.score(0)).isEqualTo(1.0);
    assertThat(boot.score(6)).isCloseTo(40.0, within(1e-9));
    assertThat(boot.score(22)).isCloseTo(63.0, within(1e-9));
    assertThat(boot.score(45)).isCloseTo(86.0, within(1e-9));
    assertThat(boot.score(100)).isEqualTo(100.0);
    // raw 14 is halfway from 6 to 22: rank 0.725, halfway from 40 to 63.
    assertThat(boot.score(14)).isCloseTo(51.5, within(1e-9));
  }

  // The published scale promises a median account scores 40.
  @Test
  void populationMedianScoresAbout40() {
    double[] raws = population(POPULATION, 42);
    Calibration cal = Calibration.of(fill(raws));
    double[] sorted = raws.clone();
    Arrays.sort(sorted);

    assertThat(cal.isPopulationBased()).isTrue();
    assertThat(cal.population()).isEqualTo(POPULATION);
    assertThat(cal.score(percentile(sorted, 0.5))).isCloseTo(40.0, within(0.01));
  }

  // The histogram is exact: every account's percentile is its true rank, up to sharing a 0.001
  // bucket with a neighbour.
  @Test
  void everyAccountScoresAtItsExactRank() {
    double[] raws = unclipped(POPULATION, 43);
    Calibration cal = Calibration.of(fill(raws));
    double[] sorted = raws.clone();
    Arrays.sort(sorted);
    double oneAccount = 1.0 / POPULATION;

    for (int i = 0; i < sorted.length; i += 97) {
      double trueRank = (double) i / POPULATION;
      assertThat(cal.rank(sorted[i]))
          .as("rank of account %s", i)
          .isCloseTo(trueRank, within(3 * oneAccount));
    }
    // Beyond the 90th percentile the fitted tail decides: close to the anchors, not exactly on
    // them.
    assertThat(cal.score(percentile(sorted, 0.95))).isCloseTo(63.0, within(1.5));
    assertThat(cal.score(percentile(sorted, 0.9995))).isGreaterThan(85.0);
  }

  // A higher raw score must never publish a lower score, or the leaderboard contradicts itself.
  @Test
  void populationScoreIsMonotoneInRaw() {
    Calibration cal = Calibration.of(fill(population(POPULATION, 45)));
    double previous = 0;
    for (double raw = -1; raw <= 110; raw += 0.0007) {
      double score = cal.score(raw);
      assertThat(score).isBetween(1.0, 100.0).isGreaterThanOrEqualTo(previous);
      previous = score;
    }
    assertThat(cal.score(Double.NaN)).isEqualTo(1.0);
  }

  // Query reads the histogram as bytes (Redis BITFIELD layout); histograms of nodes merge by
  // adding.
  @Test
  void bytesRoundTripAndMergeGiveTheSameScores() {
    double[] raws = population(POPULATION, 46);
    RawHistogram whole = fill(raws);
    RawHistogram first = fill(Arrays.copyOfRange(raws, 0, POPULATION / 3));
    RawHistogram rest = fill(Arrays.copyOfRange(raws, POPULATION / 3, POPULATION));
    RawHistogram reloaded = RawHistogram.fromBytes(whole.toBytes());
    RawHistogram merged = RawHistogram.fromBytes(first.toBytes()).merge(rest);

    assertThat(reloaded).isEqualTo(whole);
    assertThat(merged).isEqualTo(whole);
    assertThat(merged.total()).isEqualTo(POPULATION);
    Calibration a = Calibration.of(whole);
    Calibration b = Calibration.of(merged);
    for (double raw = 0; raw <= 100; raw += 0.25) {
      assertThat(b.score(raw)).as("raw %s", raw).isEqualTo(a.score(raw));
    }
    // A Redis string not yet grown to full size reads as zeros beyond its end.
    assertThat(RawHistogram.fromBytes(new byte[] {0, 0, 0, 2}).total()).isEqualTo(2);
  }

  // Percentiles of a few hundred early accounts would swing wildly; the bootstrap must stay.
  @Test
  void belowMinPopulationTheBootstrapTableIsUsed() {
    int few = (int) Calibration.MIN_POPULATION - 1;
    Calibration small = Calibration.of(fill(population(few, 47)));
    Calibration boot = Calibration.bootstrap();

    assertThat(small.isPopulationBased()).isFalse();
    for (double raw = 0; raw <= 100; raw += 0.5) {
      assertThat(small.score(raw)).isEqualTo(boot.score(raw));
    }
    int enough = (int) Calibration.MIN_POPULATION;
    assertThat(Calibration.of(fill(population(enough, 47))).isPopulationBased()).isTrue();
  }
}
