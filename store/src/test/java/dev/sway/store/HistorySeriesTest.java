package dev.sway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HistorySeriesTest {
  private static HistoryPoint point(long day, double raw, String model) {
    return new HistoryPoint(day, 10.25, 20.5, 30.75, 40.0, raw, model);
  }

  @Test
  void roundTripsWithinTheStoredPrecision() {
    Random r = new Random(11);
    List<HistoryPoint> points = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      points.add(
          new HistoryPoint(
              20_000 + i,
              r.nextDouble() * 100,
              r.nextDouble() * 100,
              r.nextDouble() * 100,
              r.nextDouble() * 100,
              r.nextDouble() * 1000,
              "sway-3"));
    }
    byte[] bytes = HistorySeries.encode(points);
    assertThat(bytes).hasSize(points.size() * HistorySeries.POINT_BYTES);

    TreeMap<Long, HistoryPoint> back = HistorySeries.decode(bytes, "sway-3");
    assertThat(back).hasSize(points.size());
    for (HistoryPoint p : points) {
      HistoryPoint q = back.get(p.epochDay());
      assertThat(q.epochDay()).isEqualTo(p.epochDay());
      assertThat(q.raw()).isCloseTo(p.raw(), within(0.5e-4 + 1e-9));
      assertThat(q.raw()).isEqualTo(HistorySeries.storedRaw(p.raw()));
      assertThat(q.reach()).isCloseTo(p.reach(), within(0.005 + 1e-9));
      assertThat(q.amplification()).isCloseTo(p.amplification(), within(0.005 + 1e-9));
      assertThat(q.authority()).isCloseTo(p.authority(), within(0.005 + 1e-9));
      assertThat(q.activity()).isCloseTo(p.activity(), within(0.005 + 1e-9));
      assertThat(q.modelVersion()).isEqualTo("sway-3");
    }
    // Values already at the stored precision come back exactly.
    HistoryPoint exact = new HistoryPoint(1, 12.34, 0.01, 99.99, 100, 1234.5678, "sway-3");
    assertThat(HistorySeries.decode(HistorySeries.encode(List.of(exact)), "sway-3").get(1L))
        .isEqualTo(exact);
  }

  @Test
  void pointLayoutIsFifteenBigEndianBytes() {
    byte[] b =
        HistorySeries.encode(
            List.of(new HistoryPoint(0x010203, 1.0, 2.0, 3.0, 4.0, 0.0005, "sway-3-hl7.0")));
    assertThat(b)
        .containsExactly(
            0x01,
            0x02,
            0x03, // day
            0x00,
            0x00,
            0x05, // raw x 10^4
            0x00,
            0x64,
            0x00,
            (byte) 0xC8,
            0x01,
            0x2C,
            0x01,
            (byte) 0x90, // components x 100
            0x03); // generation
  }

  @Test
  void valuesOutsideTheStoredRangeAreClamped() {
    HistoryPoint p = new HistoryPoint(5, -1, 700, 0, 0, -3, "sway-3");
    HistoryPoint q = HistorySeries.decode(HistorySeries.encode(List.of(p)), "sway-3").get(5L);
    assertThat(q.raw()).isZero();
    assertThat(q.reach()).isZero();
    assertThat(q.amplification()).isEqualTo(655.35);
    HistoryPoint big = new HistoryPoint(5, 0, 0, 0, 0, 5000, "sway-3");
    assertThat(HistorySeries.decode(HistorySeries.encode(List.of(big)), "sway-3").get(5L).raw())
        .isEqualTo(0xFFFFFF / 10_000.0);
    assertThat(HistorySeries.storedRaw(5000)).isEqualTo(0xFFFFFF / 10_000.0);
    assertThat(HistorySeries.storedRaw(1.23456)).isEqualTo(1.2346);
  }

  @Test
  void theLastPointOfADayWins() {
    byte[] bytes =
        HistorySeries.encode(
            List.of(
                point(100, 1.0, "sway-3"),
                point(101, 2.0, "sway-3"),
                point(102, 3.0, "sway-3"),
                point(101, 5.5, "sway-3"),
                point(100, 7.0, "sway-3"),
                point(100, 8.0, "sway-3")));
    TreeMap<Long, HistoryPoint> back = HistorySeries.decode(bytes, "sway-3");
    assertThat(back.keySet()).containsExactly(100L, 101L, 102L);
    assertThat(back.get(100L).raw()).isEqualTo(8.0);
    assertThat(back.get(101L).raw()).isEqualTo(5.5);
    assertThat(back.get(102L).raw()).isEqualTo(3.0);
  }

  @Test
  void pointsAreLabelledWithTheirGeneration() {
    byte[] bytes =
        HistorySeries.encode(
            List.of(
                point(1, 1, "sway-2"),
                point(2, 2, "sway-3"),
                point(3, 3, "sway-3-hl7.0"),
                point(4, 4, "sway-2-hl5.0"),
                point(5, 5, "legacy"),
                point(6, 6, "sway-12")));
    TreeMap<Long, HistoryPoint> back = HistorySeries.decode(bytes, "sway-3-hl7.0");
    assertThat(back.get(1L).modelVersion()).isEqualTo("sway-2");
    assertThat(back.get(2L).modelVersion()).isEqualTo("sway-3-hl7.0");
    assertThat(back.get(3L).modelVersion()).isEqualTo("sway-3-hl7.0");
    assertThat(back.get(4L).modelVersion()).isEqualTo("sway-2");
    assertThat(back.get(5L).modelVersion()).isEqualTo("sway-0");
    assertThat(back.get(6L).modelVersion()).isEqualTo("sway-12");

    TreeMap<Long, HistoryPoint> asGen2 = HistorySeries.decode(bytes, "sway-2");
    assertThat(asGen2.get(1L).modelVersion()).isEqualTo("sway-2");
    assertThat(asGen2.get(2L).modelVersion()).isEqualTo("sway-3");

    TreeMap<Long, HistoryPoint> noModel = HistorySeries.decode(bytes, null);
    assertThat(noModel.get(2L).modelVersion()).isEqualTo("sway-3");
    assertThat(noModel.get(5L).modelVersion()).isEqualTo("sway-0");
  }

  @Test
  void generationOfModelVersions() {
    assertThat(HistorySeries.generation("sway-3")).isEqualTo(3);
    assertThat(HistorySeries.generation("sway-3-hl7.0")).isEqualTo(3);
    assertThat(HistorySeries.generation("sway-2")).isEqualTo(2);
    assertThat(HistorySeries.generation("sway-255")).isEqualTo(255);
    assertThat(HistorySeries.generation("sway-999")).isEqualTo(255);
    assertThat(HistorySeries.generation("sway-1000")).isZero();
    assertThat(HistorySeries.generation("sway-")).isZero();
    assertThat(HistorySeries.generation("sway-x")).isZero();
    assertThat(HistorySeries.generation("other-3")).isZero();
    assertThat(HistorySeries.generation(null)).isZero();
  }

  @Test
  void dayOutOfRangeIsRejected() {
    assertThatThrownBy(() -> HistorySeries.encode(List.of(point(-1, 1, "sway-3"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> HistorySeries.encode(List.of(point(1 << 24, 1, "sway-3"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range");
    assertThat(HistorySeries.encode(List.of(point((1 << 24) - 1, 1, "sway-3"))))
        .hasSize(HistorySeries.POINT_BYTES);
    assertThat(HistorySeries.encode(List.of(point(0, 1, "sway-3"))))
        .hasSize(HistorySeries.POINT_BYTES);
  }

  @Test
  void emptyAndNullSeriesDecodeToNothing() {
    assertThat(HistorySeries.encode(List.of())).isEmpty();
    assertThat(HistorySeries.decode(null, "sway-3")).isEmpty();
    assertThat(HistorySeries.decode(new byte[0], "sway-3")).isEmpty();
  }
}
