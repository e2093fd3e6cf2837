package dev.sway.cli.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The SNAP Higgs Twitter activity log: {@code actor target unix_seconds RT|MT|RE} per line, actor →
 * target (the retweeter points at the author). Plain or gzipped.
 */
public final class HiggsLog {
  /** 2012-07-01T00:00:00Z, the start of the log's first day. */
  public static final long DAY1_START_S = 1_341_100_800L;

  /** One line of the log; {@code type} is the second letter of RT, MT or RE. */
  public record Event(long line, int actor, int target, long timeS, char type) {}

  private HiggsLog() {}

  public static List<Event> read(Path path) throws IOException {
    try (BufferedReader r = DataFiles.open(path)) {
      return read(r, path.toString());
    }
  }

  /** Reads the log from {@code r}; {@code source} names it in error messages. */
  public static List<Event> read(BufferedReader r, String source) throws IOException {
    return DataFiles.rows(
        r,
        source,
        "\\s+",
        4,
        (p, line) -> {
          char type =
              switch (p[3]) {
                case "RT" -> 'T';
                case "MT" -> 'M';
                case "RE" -> 'E';
                default ->
                    throw new IOException(
                        source + ":" + line + ": unknown interaction '" + p[3] + "'");
              };
          return new Event(
              line,
              DataFiles.id(p[0], source, line),
              DataFiles.id(p[1], source, line),
              DataFiles.time(p[2], source, line),
              type);
        });
  }
}
