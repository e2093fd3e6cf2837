package dev.sway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DecayTest {
  private static final long DAY_MS = 86_400_000L;
  private static final double HALF_LIFE_MS = 30 * DAY_MS;
  private static final long T_2024 = Decay.EPOCH_MS + 1461 * DAY_MS;

  private final Decay decay = new Decay(HALF_LIFE_MS);

  private record Event(double amount, long timeMs) {}

  // An amount read back when it happened must be itself, before, at or decades after the epoch.
  @Test
  void scaleThenValueAtTheSameTimeReturnsTheAmount() {
    long[] times = {
      Decay.EPOCH_MS - 3650 * DAY_MS, Decay.EPOCH_MS, T_2024, Decay.EPOCH_MS + 40 * 365 * DAY_MS
    };
    for (long t : times) {
      for (double amount : new double[] {1e-6, 1.0, 3.0, 12_345.678}) {
        assertThat(decay.valueAt(decay.scale(amount, t), t))
            .as("amount %s at %s", amount, t)
            .isCloseTo(amount, withinPercentage(1e-10));
      }
    }
  }

  // The half-life is the one decay constant: after one, an engagement counts half; two, a quarter.
  @Test
  void valueHalvesAfterEachHalfLife() {
    double scaled = decay.scale(8.0, T_2024);
    long hl = (long) HALF_LIFE_MS;

    assertThat(decay.valueAt(scaled, T_2024 + hl)).isCloseTo(4.0, within(1e-12));
    assertThat(decay.valueAt(scaled, T_2024 + 2 * hl)).isCloseTo(2.0, within(1e-12));
    assertThat(decay.factor(hl)).isCloseTo(0.5, within(1e-15));
    assertThat(decay.factor(0)).isEqualTo(1.0);
  }

  // The lazy scaled form must agree with eagerly multiplying the value by factor(elapsed).
  @Test
  void laterValueIsEarlierValueTimesFactor() {
    double scaled = decay.scale(5.0, T_2024);
    for (long elapsed : new long[] {1, DAY_MS, 7 * DAY_MS, 100 * DAY_MS}) {
      double expected = decay.valueAt(scaled, T_2024) * decay.factor(elapsed);
      assertThat(decay.valueAt(scaled, T_2024 + elapsed))
          .isCloseTo(expected, withinPercentage(1e-10));
    }
  }

  // A decayed value never grows while no event arrives; otherwise idle accounts would rise.
  @Test
  void valueNeverIncreasesWithTime() {
    double scaled = decay.scale(1.0, T_2024);
    double previous = Double.POSITIVE_INFINITY;
    for (long t = T_2024; t < T_2024 + 400 * DAY_MS; t += 3 * DAY_MS) {
      double v = decay.valueAt(scaled, t);
      assertThat(v).isPositive().isLessThanOrEqualTo(previous);
      previous = v;
    }
  }

  // Batches arrive out of order: the sum must not depend on order and must equal Σ x·2^(-age/hl).
  @Test
  void addingEventsInAnyOrderGivesTheSameSum() {
    Random random = new Random(7);
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long t = T_2024 + (long) (random.nextDouble() * 700 * DAY_MS);
      events.add(new Event(10 * random.nextDouble(), t));
    }
    long now = T_2024 + 730 * DAY_MS;

    double direct = 0;
    for (Event e : events) {
      direct += e.amount() * Math.pow(2.0, -(now - e.timeMs()) / HALF_LIFE_MS);
    }

    List<List<Event>> orders = new ArrayList<>();
    orders.add(new ArrayList<>(events));
    List<Event> reversed = new ArrayList<>(events);
    Collections.reverse(reversed);
    orders.add(reversed);
    List<Event> chronological = new ArrayList<>(events);
    chronological.sort(Comparator.comparingLong(Event::timeMs));
    orders.add(chronological);
    List<Event> shuffled = new ArrayList<>(events);
    Collections.shuffle(shuffled, new Random(11));
    orders.add(shuffled);

    for (List<Event> order : orders) {
      double scaled = 0;
      for (Event e : order) {
        scaled += decay.scale(e.amount(), e.timeMs());
      }
      assertThat(decay.valueAt(scaled, now)).isCloseTo(direct, withinPercentage(1e-7));
    }
  }

  // A zero, negative or NaN half-life would make every stored sum meaningless.
  @Test
  void rejectsNonPositiveHalfLife() {
    for (double bad : new double[] {0, -1, Double.NaN}) {
      assertThatThrownBy(() -> new Decay(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
