package dev.sway.cli.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The SNAP Higgs Twitter activity log: {@code actor target unix_seconds RT|MT|RE} per line,
 * actor → target (the retweeter points at the author). Plain or gzipped.
 */
public final class HiggsLog {
  /** 2012-07-01T00:00:00Z, the start of the log's first day. */
  public static final long DAY1_START_S = 1_341_100_800L;

  /** One line of the log. */
  public record Event(long line, int actor, int target, long timeS, char type) {}

  private HiggsLog() {}

  public static List<Event> read(Path path) throws IOException {
    List<Event> out = new ArrayList<>(600_000);
    try (InputStream raw = Files.newInputStream(path);
        InputStream in = path.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16)) {
      String s;
      long line = 0;
      while ((s = r.readLine()) != null) {
        line++;
        String[] p = s.trim().split("\\s+");
        if (p.length != 4) {
          throw new IOException(path + ":" + line + ": expected 4 fields, got " + p.length);
        }
        out.add(new Event(line, Integer.parseInt(p[0]), Integer.parseInt(p[1]), Long.parseLong(p[2]), p[3].charAt(1)));
      }
    }
    return out;
  }
}
