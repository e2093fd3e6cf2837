package dev.sway.cli.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The SNAP signed trust networks of Bitcoin OTC and Bitcoin Alpha: {@code
 * source,target,rating,unix_seconds} per line, where {@code source} rated {@code target} from -10
 * (total distrust) to +10 (total trust), never 0 (Kumar et al., ICDM 2016 and WSDM 2018).
 */
public final class BitcoinRatings {
  /** One rating. */
  public record Rating(long line, int source, int target, int rating, long timeS) {}

  private BitcoinRatings() {}

  public static List<Rating> read(Path path) throws IOException {
    try (BufferedReader r = DataFiles.open(path)) {
      return read(r, path.toString());
    }
  }

  public static List<Rating> read(BufferedReader r, String source) throws IOException {
    return DataFiles.rows(
        r,
        source,
        ",",
        4,
        (p, line) -> {
          int rating;
          try {
            rating = Integer.parseInt(p[2].trim());
          } catch (NumberFormatException e) {
            throw new IOException(source + ":" + line + ": bad rating '" + p[2] + "'");
          }
          if (rating == 0 || rating < -10 || rating > 10) {
            throw new IOException(
                source + ":" + line + ": rating " + rating + " outside -10..-1, 1..10");
          }
          return new Rating(
              line,
              DataFiles.id(p[0], source, line),
              DataFiles.id(p[1], source, line),
              rating,
              DataFiles.time(p[3], source, line));
        });
  }
}
