package dev.sway.cli;

import dev.sway.v1.HistoryPoint;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A score-over-time chart for a terminal: one column per day, 1-100 on 10 rows. */
final class Charts {
  private Charts() {}

  static void history(PrintStream out, List<HistoryPoint> points, int width) {
    if (points.isEmpty()) {
      out.println("(no history)");
      return;
    }
    long first = points.get(0).getDay().getSeconds() / 86_400;
    long last = points.get(points.size() - 1).getDay().getSeconds() / 86_400;
    int days = (int) (last - first + 1);
    int step = Math.max(1, (days + width - 1) / width);
    int cols = (days + step - 1) / step;
    double[] col = new double[cols];
    Arrays.fill(col, Double.NaN);
    double carry = Double.NaN;
    int p = 0;
    for (int c = 0; c < cols; c++) {
      long dayEnd = first + (long) (c + 1) * step - 1;
      while (p < points.size() && points.get(p).getDay().getSeconds() / 86_400 <= dayEnd) {
        carry = points.get(p++).getScore();
      }
      col[c] = carry; // a day without activity keeps the last published score
    }
    for (int row = 10; row >= 1; row--) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%4d |", row * 10));
      for (double v : col) {
        line.append(Double.isNaN(v) ? ' ' : v >= row * 10 - 5 ? '█' : ' ');
      }
      out.println(line);
    }
    out.println("     +" + "-".repeat(cols));
    String from =
        Instant.ofEpochSecond(first * 86_400).atZone(ZoneOffset.UTC).toLocalDate().toString();
    String to =
        Instant.ofEpochSecond(last * 86_400).atZone(ZoneOffset.UTC).toLocalDate().toString();
    int gap = Math.max(1, cols - from.length() - to.length());
    out.println(
        "      "
            + from
            + " ".repeat(gap)
            + to
            + (step > 1 ? "  (" + step + " days per column)" : ""));
  }
}
