package dev.sway.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One line of progress on a terminal, redrawn at most four times a second: file, share of its bytes
 * read, items sent and their rate. Nothing at all when stderr is not a terminal (a log or a pipe
 * gets the summary line only, not hundreds of carriage returns).
 */
class Progress {
  /** Draws nothing. */
  static final Progress NONE = new Progress();

  private Progress() {}

  /** A progress line on stderr when the process has a terminal, else {@link #NONE}. */
  static Progress onTerminal(String name, long totalBytes) {
    return System.console() == null ? NONE : new Line(System.err, name, totalBytes);
  }

  void update(long bytesRead, long items) {}

  void close() {}

  /** The line itself. */
  static final class Line extends Progress {
    private final PrintStream out;
    private final String name;
    private final long totalBytes;
    private final long t0 = System.nanoTime();
    private long lastDrawNs;
    private boolean drawn;

    Line(PrintStream out, String name, long totalBytes) {
      this.out = out;
      this.name = name;
      this.totalBytes = totalBytes;
    }

    @Override
    synchronized void update(long bytesRead, long items) {
      long now = System.nanoTime();
      if (drawn && now - lastDrawNs < 250_000_000L) {
        return;
      }
      lastDrawNs = now;
      drawn = true;
      double secs = Math.max(1e-3, (now - t0) / 1e9);
      String pct =
          totalBytes > 0
              ? String.format(Locale.ROOT, "%3d%%", Math.min(100, 100 * bytesRead / totalBytes))
              : "";
      out.print(
          String.format(
              Locale.ROOT, "\r%s %s  %,d items  %,.0f items/s ", name, pct, items, items / secs));
      out.flush();
    }

    @Override
    synchronized void close() {
      if (drawn) {
        out.print("\r\033[K");
        out.flush();
        drawn = false;
      }
    }
  }
}
