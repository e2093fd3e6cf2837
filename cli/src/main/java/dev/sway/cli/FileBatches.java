package dev.sway.cli;

import dev.sway.checks.Validator;
import dev.sway.cli.ingest.LineParser;
import dev.sway.cli.ingest.Record;
import dev.sway.runtime.Errors.Violation;
import dev.sway.v1.Interaction;
import dev.sway.v1.ProfileSnapshot;
import dev.sway.v1.StreamInteractionsRequest;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Reads an input file lazily into validated batches: each line parsed and checked with the ingest
 * service's own validator, a bad line reported with its number and reason and skipped.
 */
public final class FileBatches implements Iterator<StreamInteractionsRequest>, AutoCloseable {
  private final Path file;
  private final BufferedReader reader;
  private final LineParser parser;
  private final Validator validator = new Validator(Clock.systemUTC());
  private final int batchSize;
  private final int showErrors;
  private final PrintStream err;
  private final AtomicLong bytes = new AtomicLong();
  private long line;
  private long rejected;
  private long items;
  private long batchId;
  private StreamInteractionsRequest next;
  private boolean eof;

  public FileBatches(
      Path file,
      LineParser.Format format,
      String network,
      int batchSize,
      int showErrors,
      PrintStream err)
      throws IOException {
    this.file = file;
    this.reader = open(file, bytes);
    this.parser = new LineParser(format, network);
    this.batchSize = batchSize;
    this.showErrors = showErrors;
    this.err = err;
  }

  /** A reader of the file, unzipped when it ends in .gz; counts the file's bytes read. */
  static BufferedReader open(Path file, AtomicLong bytes) throws IOException {
    InputStream raw =
        new FilterInputStream(Files.newInputStream(file)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
              bytes.addAndGet(n);
            }
            return n;
          }
        };
    InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  long bytesRead() {
    return bytes.get();
  }

  public long rejected() {
    return rejected;
  }

  long items() {
    return items;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !eof) {
      next = read();
    }
    return next != null;
  }

  @Override
  public StreamInteractionsRequest next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    StreamInteractionsRequest r = next;
    next = null;
    return r;
  }

  private StreamInteractionsRequest read() {
    List<Interaction> interactions = new ArrayList<>(batchSize);
    List<ProfileSnapshot> snaps = new ArrayList<>();
    try {
      String s;
      while (interactions.size() + snaps.size() < batchSize && (s = reader.readLine()) != null) {
        Record r = parser.parse(++line, s);
        if (r.isError()) {
          reject(r.error());
          continue;
        }
        List<Violation> v = new ArrayList<>();
        if (r.interaction() != null) {
          List<Interaction> ok = validator.interactions(List.of(r.interaction()), "", v);
          if (v.isEmpty()) {
            interactions.add(ok.get(0));
          }
        } else if (r.snapshot() != null) {
          validator.snapshots(List.of(r.snapshot()), "", v);
          if (v.isEmpty()) {
            snaps.add(r.snapshot());
          }
        }
        if (!v.isEmpty()) {
          reject(
              String.join(
                  "; ",
                  v.stream()
                      .map(x -> x.field().replaceFirst("^\\[0\\]\\.?", "") + ": " + x.description())
                      .toList()));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(file + ": read failed: " + e.getMessage(), e);
    }
    if (interactions.isEmpty() && snaps.isEmpty()) {
      eof = true;
      close();
      return null;
    }
    items += interactions.size() + snaps.size();
    return StreamInteractionsRequest.newBuilder()
        .setBatchId(batchId++)
        .addAllInteractions(interactions)
        .addAllSnapshots(snaps)
        .build();
  }

  private void reject(String reason) {
    rejected++;
    if (rejected <= showErrors) {
      err.println(file.getFileName() + ":" + line + ": " + reason);
    } else if (rejected == showErrors + 1) {
      err.println("(more bad lines are counted but not shown; --show-errors N shows more)");
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // Nothing to do: the file was read.
    }
  }
}
