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

/** Reading the SNAP text files: plain or gzipped, positive integer ids, Unix-second times. */
final class DataFiles {
  private DataFiles() {}

  static BufferedReader open(Path path) throws IOException {
    InputStream in = Files.newInputStream(path);
    try {
      if (path.toString().endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      return new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 16);
    } catch (IOException e) {
      in.close();
      throw e;
    }
  }

  /** Parses one line's fields into a record; {@code line} is 1-based. */
  interface Row<T> {
    T parse(String[] fields, long line) throws IOException;
  }

  /**
   * Every non-blank line of {@code r}, split on {@code separator} into exactly {@code fields}
   * fields and parsed by {@code row}; {@code source} names the file in error messages.
   */
  static <T> List<T> rows(BufferedReader r, String source, String separator, int fields, Row<T> row)
      throws IOException {
    List<T> out = new ArrayList<>(1 << 16);
    String s;
    long line = 0;
    while ((s = r.readLine()) != null) {
      line++;
      if (s.isBlank()) {
        continue;
      }
      String[] p = s.trim().split(separator);
      if (p.length != fields) {
        throw new IOException(
            source + ":" + line + ": expected " + fields + " fields, got " + p.length);
      }
      out.add(row.parse(p, line));
    }
    return out;
  }

  static int id(String field, String source, long line) throws IOException {
    try {
      int id = Integer.parseInt(field.trim());
      if (id < 0) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new IOException(source + ":" + line + ": bad account id '" + field + "'");
    }
  }

  static long time(String field, String source, long line) throws IOException {
    try {
      long t = Long.parseLong(field.trim());
      if (t < 0 || t > 100_000_000_000L) {
        throw new NumberFormatException();
      }
      return t;
    } catch (NumberFormatException e) {
      throw new IOException(source + ":" + line + ": bad Unix time '" + field + "'");
    }
  }
}
