package dev.sway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
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

  private static KllDoublesSketch fill(KllDoublesSketch sketch, double[] raws) {
    for (double raw : raws) {
      sketch.update(raw);
    }
    return sketch;
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
    Calibration cal = Calibration.of(fill(Calibration.newSketch(), raws), 1);
    double[] sorted = raws.clone();
    Arrays.sort(sorted);

    assertThat(cal.isPopulationBased()).isTrue();
    assertThat(cal.score(percentile(sorted, 0.5))).isCloseTo(40.0, within(2.0));
  }

  // With the production sketch scores may be off only by the sketch's stated rank error.
  @Test
  void populationPercentilesScoreWithinTheSketchRankError() {
    double[] raws = population(POPULATION, 43);
    KllDoublesSketch sketch = fill(Calibration.newSketch(), raws);
    Calibration cal = Calibration.of(sketch, 1);
    double[] sorted = raws.clone();
    Arrays.sort(sorted);
    double eps = sketch.getNormalizedRankError(false);

    for (double q : new double[] {0.5, 0.95, 0.9995}) {
      assertThat(cal.score(percentile(sorted, q)))
          .as("score of the p%s account", 100 * q)
          .isBetween(scoreAtRank(q - eps), scoreAtRank(q + eps));
    }
    assertThat(cal.score(sketch.getQuantile(0.95))).isCloseTo(63.0, within(2.0));
  }

  // Klout's shape (p95 → 63, top 0.05 % above 85) with the production sketch.
  @Test
  void tailAnchorsHoldWhenTheSketchResolvesTheTail() {
    double[] raws = population(POPULATION, 44);
    Calibration cal = Calibration.of(fill(Calibration.newSketch(), raws), 1);
    double[] sorted = raws.clone();
    Arrays.sort(sorted);

    assertThat(cal.score(percentile(sorted, 0.5))).isCloseTo(40.0, within(2.0));
    assertThat(cal.score(percentile(sorted, 0.95))).isCloseTo(63.0, within(2.0));
    assertThat(cal.score(percentile(sorted, 0.9995))).isGreaterThan(85.0);
  }

  // A higher raw score must never publish a lower score, or the leaderboard contradicts itself.
  @Test
  void populationScoreIsMonotoneInRaw() {
    Calibration cal = Calibration.of(fill(Calibration.newSketch(), population(POPULATION, 45)), 1);
    double previous = 0;
    for (double raw = -1; raw <= 110; raw += 0.01) {
      double score = cal.score(raw);
      assertThat(score).isBetween(1.0, 100.0).isGreaterThanOrEqualTo(previous);
      previous = score;
    }
  }

  // The service stores the sketch as bytes; reloading the calibration must not move any score.
  @Test
  void bytesRoundTripGivesTheSameScores() {
    KllDoublesSketch sketch = fill(Calibration.newSketch(), population(POPULATION, 46));
    Calibration original = Calibration.of(sketch, 7);
    Calibration reloaded = Calibration.fromBytes(sketch.toByteArray(), 7);

    assertThat(reloaded.isPopulationBased()).isTrue();
    assertThat(reloaded.version()).isEqualTo(7);
    for (double raw = 0; raw <= 100; raw += 0.25) {
      assertThat(reloaded.score(raw)).as("raw %s", raw).isEqualTo(original.score(raw));
    }
  }

  // Percentiles of a few hundred early accounts would swing wildly; the bootstrap must stay.
  @Test
  void belowMinPopulationTheBootstrapTableIsUsed() {
    int few = (int) Calibration.MIN_POPULATION - 1;
    Calibration small = Calibration.of(fill(Calibration.newSketch(), population(few, 47)), 1);
    Calibration boot = Calibration.bootstrap();

    assertThat(small.isPopulationBased()).isFalse();
    for (double raw = 0; raw <= 100; raw += 0.5) {
      assertThat(small.score(raw)).isEqualTo(boot.score(raw));
    }
    int enough = (int) Calibration.MIN_POPULATION;
    KllDoublesSketch full = fill(Calibration.newSketch(), population(enough, 47));
    assertThat(Calibration.of(full, 1).isPopulationBased()).isTrue();
  }
}
