package dev.sway.cli.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The SNAP CollegeMsg temporal network: {@code sender receiver unix_seconds} per line, one private
 * message each (Panzarasa, Opsahl and Carley, JASIST 60(5), 2009).
 */
public final class CollegeMsg {
  /** One message. */
  public record Message(long line, int sender, int receiver, long timeS) {}

  private CollegeMsg() {}

  public static List<Message> read(Path path) throws IOException {
    try (BufferedReader r = DataFiles.open(path)) {
      return read(r, path.toString());
    }
  }

  public static List<Message> read(BufferedReader r, String source) throws IOException {
    return DataFiles.rows(
        r,
        source,
        "\\s+",
        3,
        (p, line) ->
            new Message(
                line,
                DataFiles.id(p[0], source, line),
                DataFiles.id(p[1], source, line),
                DataFiles.time(p[2], source, line)));
  }
}
