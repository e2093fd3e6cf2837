package dev.sway.store;

import java.util.List;
import java.util.TreeMap;

/**
 * An account's daily history {@code sway:h:{member}}: a binary string of fixed-size points, 15
 * bytes a day — epoch day (u24), raw score × 10⁴ (u24), the four components × 100 (u16 each: reach,
 * amplification, authority, activity) and the model generation (u8: 3 for {@code sway-3}).
 *
 * <p>Points are appended; a writer whose first point is of the day of the last point stored ({@link
 * AccountRecord#lastHistoryDay}) overwrites that point instead. A batch's own days are in order,
 * but the repaired points of the earlier days a late event belongs to are appended before them, so
 * the reader does not rely on order: the last point of each day wins. The write script compacts the
 * series to the latest 365 days once it holds more than {@link #COMPACT_AT_POINTS} points, keeping
 * the last point last.
 */
public final class HistorySeries {
  public static final int POINT_BYTES = 15;

  /** Days kept. */
  public static final int DAYS_KEPT = 365;

  /** Length (points) beyond which a write compacts the series. */
  public static final int COMPACT_AT_POINTS = 2 * DAYS_KEPT;

  private HistorySeries() {}

  /** The points, encoded back to back. */
  public static byte[] encode(List<HistoryPoint> points) {
    Bytes.Writer w = new Bytes.Writer(POINT_BYTES * points.size());
    for (HistoryPoint p : points) {
      if (p.epochDay() < 0 || p.epochDay() >= 1 << 24) {
        throw new IllegalArgumentException("history day " + p.epochDay() + " out of range");
      }
      w.u24((int) p.epochDay());
      w.u24(clamp(p.raw(), 10_000, 0xFFFFFF));
      w.u16(clamp(p.reach(), 100, 0xFFFF));
      w.u16(clamp(p.amplification(), 100, 0xFFFF));
      w.u16(clamp(p.authority(), 100, 0xFFFF));
      w.u16(clamp(p.activity(), 100, 0xFFFF));
      w.u8(generation(p.modelVersion()));
    }
    return w.toByteArray();
  }

  /**
   * The stored points by day, the last one of each day winning. A point of the generation of {@code
   * currentModel} is labelled with it; others with {@code sway-<generation>}.
   */
  public static TreeMap<Long, HistoryPoint> decode(byte[] bytes, String currentModel) {
    TreeMap<Long, HistoryPoint> out = new TreeMap<>();
    if (bytes == null) {
      return out;
    }
    int current = generation(currentModel);
    Bytes.Reader r = new Bytes.Reader(bytes, 0);
    for (int i = 0; i + POINT_BYTES <= bytes.length; i += POINT_BYTES) {
      long day = r.u24();
      double raw = r.u24() / 10_000.0;
      double reach = r.u16() / 100.0;
      double amp = r.u16() / 100.0;
      double auth = r.u16() / 100.0;
      double activity = r.u16() / 100.0;
      int gen = r.u8();
      String model = gen == current && currentModel != null ? currentModel : "sway-" + gen;
      out.put(day, new HistoryPoint(day, reach, amp, auth, activity, raw, model));
    }
    return out;
  }

  /** The raw score as stored in a point (rounded to 10⁻⁴). */
  public static double storedRaw(double raw) {
    return clamp(raw, 10_000, 0xFFFFFF) / 10_000.0;
  }

  private static int clamp(double v, double scale, int max) {
    long x = Math.round(v * scale);
    return (int) Math.max(0, Math.min(max, x));
  }

  /** 3 for "sway-3" and "sway-3-hl7.0"; 0 when the version is not of that form. */
  static int generation(String modelVersion) {
    if (modelVersion == null || !modelVersion.startsWith("sway-")) {
      return 0;
    }
    int end = 5;
    while (end < modelVersion.length() && Character.isDigit(modelVersion.charAt(end))) {
      end++;
    }
    if (end == 5 || end - 5 > 3) {
      return 0;
    }
    return Math.min(255, Integer.parseInt(modelVersion.substring(5, end)));
  }
}
