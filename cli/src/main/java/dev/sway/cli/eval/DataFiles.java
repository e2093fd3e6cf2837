package dev.sway.cli.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
